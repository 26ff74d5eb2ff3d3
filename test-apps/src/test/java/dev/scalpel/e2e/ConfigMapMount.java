package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A folder laid out the way Kubernetes mounts a ConfigMap, and updated the way the kubelet updates
 * it: each version of the files lives in its own timestamped folder
 * ({@code ..2026_12_03_10_00_00.123456789}, mode 0755, its files mode 0644), {@code ..data} is a
 * symlink to the current one, and each file the application reads is a symlink through it
 * ({@code hotfix.yaml -> ..data/hotfix.yaml}). An update writes a new version folder, points a new
 * symlink {@code ..data_tmp} at it, renames that over {@code ..data} (the one atomic step), then
 * adds the symlinks of new files, removes those of files gone, and deletes the old version folder.
 * The file the application named never changes: only what it resolves to does.
 */
final class ConfigMapMount {

  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss");

  private final Path dir;
  private final Set<String> linked = new LinkedHashSet<>();
  private Path current;

  /** A mount at {@code dir}, which must exist; nothing is published yet. */
  ConfigMapMount(Path dir) {
    this.dir = dir;
  }

  /** The folder the application mounts. */
  Path dir() {
    return dir;
  }

  /**
   * Publishes a new version holding one file, {@code name} with {@code content}, by the kubelet's
   * atomic swap of {@code ..data}, and deletes the previous version; {@code dir/name} is left as it
   * is (see {@link #link}).
   *
   * @return the new version's folder
   */
  Path publish(String name, String content) {
    return swap(Map.of(name, content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Does what the kubelet does when the ConfigMap changes to {@code files} (name to content, as
   * its {@code data} and {@code binaryData} together): publishes them as a new version by the
   * atomic swap of {@code ..data}, links each new name through {@code ..data}, unlinks names that
   * are gone, and deletes the previous version.
   *
   * @return the new version's folder
   */
  Path update(Map<String, byte[]> files) {
    Path version = swap(files);
    for (String name : files.keySet()) {
      if (!linked.contains(name)) {
        link(name);
      }
    }
    for (String name : Set.copyOf(linked)) {
      if (!files.containsKey(name)) {
        try {
          Files.delete(dir.resolve(name));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot unlink " + dir.resolve(name), e);
        }
        linked.remove(name);
      }
    }
    return version;
  }

  /**
   * Makes {@code dir/name} the symlink {@code ..data/name}, atomically replacing whatever file is
   * there (a rename over it), and returns it.
   */
  Path link(String name) {
    Path file = dir.resolve(name);
    try {
      Path link = Files.createSymbolicLink(dir.resolve(name + ".link"), Path.of("..data", name));
      Files.move(link, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot link " + file + " through ..data", e);
    }
    linked.add(name);
    return file;
  }

  private Path swap(Map<String, byte[]> files) {
    // The kubelet's suffix is random digits (a temporary folder's name); nine, as it often shows.
    String suffix = String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
    Path version = dir.resolve(VERSION.format(LocalDateTime.now(ZoneOffset.UTC)) + "." + suffix);
    try {
      Files.createDirectory(version, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path written = Files.write(version.resolve(file.getKey()), file.getValue());
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), version.getFileName());
      Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      if (current != null) {
        deleteTree(current);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish version " + version, e);
    }
    current = version;
    return version;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
