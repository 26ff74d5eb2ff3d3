package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes patch manifests (CONTRACT.md section 1) for the end-to-end tests. */
final class ManifestFile {

  private ManifestFile() {}

  /** The manifest text for {@code patches}. */
  static String yaml(Patch... patches) {
    StringBuilder yaml = new StringBuilder("scalpel: 1\npatches:\n");
    for (Patch patch : patches) {
      yaml.append(patch.yaml());
    }
    return yaml.toString();
  }

  /** Writes a manifest of {@code patches} to {@code dir/scalpel.yaml} and returns its absolute path. */
  static Path write(Path dir, Patch... patches) {
    return write(dir, yaml(patches));
  }

  /** Writes {@code yaml} as is to {@code dir/scalpel.yaml} and returns its absolute path. */
  static Path write(Path dir, String yaml) {
    return writeTo(dir.resolve("scalpel.yaml"), yaml);
  }

  /**
   * Writes {@code yaml} as is to {@code file}, in place (through a symlink, into the file it
   * names), and returns the file's absolute path.
   */
  static Path writeTo(Path file, String yaml) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.writeString(absolute, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the manifest " + absolute, e);
    }
    return absolute;
  }
}
