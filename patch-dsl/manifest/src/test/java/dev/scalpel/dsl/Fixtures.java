package dev.scalpel.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The manifests kept under {@code src/test/resources}: {@code valid/} and {@code invalid/}. */
final class Fixtures {

  private Fixtures() {}

  /** The {@code .yaml} files of a fixture folder, by name. */
  static List<Path> yamlFiles(String folder) {
    try (Stream<Path> files = Files.list(folder(folder))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of a file, read as UTF-8. */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The manifest of a fixture, parsed under its file name. */
  static Manifest parse(String folder, String name) {
    return ManifestParser.parse(name, read(folder(folder).resolve(name)));
  }

  private static Path folder(String folder) {
    try {
      return Path.of(Fixtures.class.getResource("/" + folder).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the fixture folder " + folder, e);
    }
  }
}
