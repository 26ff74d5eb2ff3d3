package dev.scalpel.archetype;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A Maven local repository of its own for builds run by a test, so that they install nothing into
 * the user's: this reactor's artifacts are copied in as if installed, and everything else comes
 * from the user's local repository through a {@code file:} mirror, the pattern of
 * maven-invoker-plugin's integration tests. Nothing is fetched from the network.
 */
final class IsolatedRepository {

  private final Path root;

  private IsolatedRepository(Path root) {
    this.root = root;
  }

  /** An empty repository at {@code root}, anything there before removed. */
  static IsolatedRepository empty(Path root) {
    return new IsolatedRepository(Folders.recreate(root));
  }

  /**
   * Copies {@code pom}, and {@code file} unless null, in as {@code groupId:artifactId:version},
   * the file with the extension {@code extension}: what {@code mvn install} would lay out, minus
   * the metadata, which Maven does not need to find a version it is given.
   */
  IsolatedRepository install(String groupId, String artifactId, String version, Path pom, Path file,
      String extension) {
    Path folder = root.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
    String base = artifactId + "-" + version;
    copy(pom, folder.resolve(base + ".pom"));
    if (file != null) {
      copy(file, folder.resolve(base + "." + extension));
    }
    return this;
  }

  /**
   * Records, as a user's first online run caches them from Maven Central, the plugin prefix
   * {@code prefix} of {@code groupId:artifactId} and {@code version} as its release, so that
   * {@code mvn PREFIX:GOAL} resolves without the network; the {@code file:} mirror cannot serve
   * this metadata, which a local repository keeps under another name.
   */
  IsolatedRepository pluginPrefix(String prefix, String groupId, String artifactId, String version) {
    Path group = root.resolve(groupId.replace('.', '/'));
    write(group.resolve("maven-metadata-local.xml"), "<metadata><plugins><plugin>"
        + "<prefix>" + prefix + "</prefix><artifactId>" + artifactId + "</artifactId>"
        + "</plugin></plugins></metadata>\n");
    write(group.resolve(artifactId).resolve("maven-metadata-local.xml"), "<metadata>"
        + "<groupId>" + groupId + "</groupId><artifactId>" + artifactId + "</artifactId>"
        + "<versioning><latest>" + version + "</latest><release>" + version + "</release>"
        + "<versions><version>" + version + "</version></versions></versioning></metadata>\n");
    return this;
  }

  /**
   * Writes a Maven settings file that uses this repository as the local one and mirrors every
   * remote repository to {@code userRepository}, the user's own local repository, read as a
   * {@code file:} URL and never written.
   */
  Path settings(Path file, Path userRepository) {
    write(file, "<settings>\n"
        + "  <localRepository>" + root.toAbsolutePath() + "</localRepository>\n"
        + "  <mirrors>\n"
        + "    <mirror>\n"
        + "      <id>user-local-repository</id>\n"
        + "      <mirrorOf>*</mirrorOf>\n"
        + "      <url>" + userRepository.toAbsolutePath().toUri() + "</url>\n"
        + "    </mirror>\n"
        + "  </mirrors>\n"
        + "</settings>\n");
    return file;
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " into the test's local repository as " + to
          + " (was the reactor built up to this module?)", e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
