package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the build put what the end-to-end tests run: each location comes from a system property
 * that the module's pom sets for the failsafe plugin.
 */
final class Artifacts {

  private Artifacts() {}

  /** The agent jar, {@code scalpel.agent.jar}. */
  static Path agentJar() {
    return existingFile("scalpel.agent.jar");
  }

  /** The jar holding every test application, {@code scalpel.apps.jar}. */
  static Path appsJar() {
    return existingFile("scalpel.apps.jar");
  }

  /** The plugin jar the target zoo loads twice, {@code scalpel.plugin.jar}. */
  static Path pluginJar() {
    return existingFile("scalpel.plugin.jar");
  }

  /** The libs app's own third-party jars, from the directory {@code scalpel.libs-app.dir}. */
  static List<Path> libsAppJars() {
    return jarsIn("scalpel.libs-app.dir");
  }

  /** The old-library app's library jar (Commons Lang 2.4), from the directory {@code scalpel.oldlib-app.dir}. */
  static List<Path> oldLibAppJars() {
    return jarsIn("scalpel.oldlib-app.dir");
  }

  private static List<Path> jarsIn(String key) {
    Path dir = existing(key);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException(key + " " + dir + " holds no jar; run mvn package");
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  /** The module's compiled main classes, {@code scalpel.classes.dir}. */
  static Path classesDir() {
    return existing("scalpel.classes.dir");
  }

  /** The file named by the system property {@code key}, which must exist. */
  static Path existingFile(String key) {
    Path path = existing(key);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(key + " is " + path + ", which is not a file");
    }
    return path;
  }

  private static Path existing(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + key
          + " is not set; run the end-to-end tests with mvn verify, whose pom sets it");
    }
    Path path = Path.of(value).toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new IllegalStateException(key + " is " + path + ", which does not exist; build it first"
          + " (mvn -pl test-apps -am install -DskipTests)");
    }
    return path;
  }
}
