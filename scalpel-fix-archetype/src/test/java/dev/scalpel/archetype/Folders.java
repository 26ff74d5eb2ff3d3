package dev.scalpel.archetype;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders a test starts from empty, whatever an earlier run left in them. */
final class Folders {

  private Folders() {}

  /** Removes {@code folder} with everything in it, if it exists, and creates it empty. */
  static Path recreate(Path folder) {
    try {
      if (Files.exists(folder)) {
        try (Stream<Path> paths = Files.walk(folder)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot empty " + folder + " for the test", e);
    }
  }
}
