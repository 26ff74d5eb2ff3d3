package dev.scalpel.agent;

import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.engine.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A manifest file read once: the exact bytes that are parsed, checked and applied, and the
 * fingerprint of those bytes, so that what the agent remembers as applied is what it parsed, never
 * a later read of the file.
 *
 * @param file     the path as the operator named it (through any symlink)
 * @param realPath what that path resolved to when it was read
 * @param bytes    the bytes read, at most {@link ManifestParser#MAX_BYTES} plus one (the parser
 *                 refuses a larger file)
 * @param sha256   the hex SHA-256 of {@code bytes}
 */
record ManifestSnapshot(Path file, Path realPath, byte[] bytes, String sha256) {

  /** Where the manifest path resolved to, and the hash of the bytes found there. */
  record Fingerprint(Path realPath, String sha256) {}

  /**
   * Reads {@code file} through any symlink, once.
   *
   * @throws IOException if it cannot be resolved or read; {@link #describe} says why in a few words
   */
  static ManifestSnapshot read(Path file) throws IOException {
    Path real = file.toRealPath();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(real)) {
      bytes = in.readNBytes(ManifestParser.MAX_BYTES + 1);
    }
    return new ManifestSnapshot(file, real, bytes, Sha256.hex(bytes));
  }

  /** Why a file could not be read, as the manifest parser words it. */
  static String describe(IOException e) {
    return e instanceof NoSuchFileException ? "no such file"
        : e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
  }

  /** What identifies these bytes at this place. */
  Fingerprint fingerprint() {
    return new Fingerprint(realPath, sha256);
  }

  /**
   * Whether the file looks written to its end: empty, or ending with a line end. A writer that
   * paused half-way leaves a last line without its end far more often than a valid manifest.
   */
  boolean complete() {
    return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
  }
}
