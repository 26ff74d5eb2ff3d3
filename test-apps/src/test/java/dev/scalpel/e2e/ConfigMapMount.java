package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder laid out the way Kubernetes mounts a ConfigMap, and updated the way the kubelet updates
 * it: each version of the files lives in its own timestamped folder ({@code ..2026_11_26_10_00_00.1}),
 * {@code ..data} is a symlink to the current one, and each file the application reads is a symlink
 * through it ({@code hotfix.yaml -> ..data/hotfix.yaml}). An update writes a new version folder,
 * points a new symlink {@code ..data_tmp} at it, renames that over {@code ..data} (the one atomic
 * step), and deletes the old version folder. The file the application named never changes: only
 * what it resolves to does.
 */
final class ConfigMapMount {

  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss");

  private final Path dir;
  private int versions;
  private Path current;

  /** A mount at {@code dir}, which must exist; nothing is published yet. */
  ConfigMapMount(Path dir) {
    this.dir = dir;
  }

  /**
   * Publishes a new version holding one file, {@code name} with {@code content}, by the kubelet's
   * atomic swap of {@code ..data}, and deletes the previous version.
   *
   * @return the new version's folder
   */
  Path publish(String name, String content) {
    versions++;
    Path version = dir.resolve(VERSION.format(LocalDateTime.now(ZoneOffset.UTC)) + "." + versions);
    try {
      Files.createDirectory(version);
      Files.writeString(version.resolve(name), content, StandardCharsets.UTF_8);
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
    return file;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
