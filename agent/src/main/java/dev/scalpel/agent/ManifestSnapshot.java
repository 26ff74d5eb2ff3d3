package dev.scalpel.agent;

import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.engine.Sha256;
import dev.scalpel.trust.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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
 * @param signature the bytes of the detached signature {@link #signatureFile} read with the
 *                 manifest (at most {@link TrustedKeys#MAX_SIGNATURE_BYTES} plus one), empty if it
 *                 was not asked for or does not exist
 */
record ManifestSnapshot(Path file, Path realPath, byte[] bytes, String sha256, Optional<byte[]> signature) {

  /**
   * Where the manifest path resolved to, the hash of the bytes found there, and the hash of its
   * signature file if it was read and exists ({@code null} else), so that a new signature for the
   * same manifest counts as a change.
   */
  record Fingerprint(Path realPath, String sha256, String signatureSha256) {

    // Written out: a record's generated equals and hashCode link through method handles on first
    // use, which costs dozens of generated classes in the application for one comparison.
    @Override
    public boolean equals(Object o) {
      return o instanceof Fingerprint f && Objects.equals(realPath, f.realPath) && Objects.equals(sha256, f.sha256)
          && Objects.equals(signatureSha256, f.signatureSha256);
    }

    @Override
    public int hashCode() {
      return Objects.hash(realPath, sha256, signatureSha256);
    }
  }

  /**
   * Reads {@code file} through any symlink, once, without its signature.
   *
   * @throws IOException if it cannot be resolved or read; {@link #describe} says why in a few words
   */
  static ManifestSnapshot read(Path file) throws IOException {
    return read(file, false);
  }

  /**
   * Reads {@code file} through any symlink, once, and with {@code signed} its signature file once too.
   *
   * @throws IOException if either cannot be read (a missing signature file is not an error here:
   *                     {@link #signature} is then empty); {@link #describe} says why in a few words
   */
  static ManifestSnapshot read(Path file, boolean signed) throws IOException {
    Path real = file.toRealPath();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(real)) {
      bytes = in.readNBytes(ManifestParser.MAX_BYTES + 1);
    }
    Optional<byte[]> signature = Optional.empty();
    if (signed) {
      try (InputStream in = Files.newInputStream(signatureFile(file))) {
        signature = Optional.of(in.readNBytes(TrustedKeys.MAX_SIGNATURE_BYTES + 1));
      } catch (NoSuchFileException e) {
        signature = Optional.empty();
      } catch (IOException e) {
        throw new IOException("cannot read the signature " + signatureFile(file) + ": " + describe(e), e);
      }
    }
    return new ManifestSnapshot(file, real, bytes, Sha256.hex(bytes), signature);
  }

  /** The detached signature of the manifest at {@code file}: the same path plus {@code .sig}. */
  static Path signatureFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".sig");
  }

  /** Why a file could not be read, as the manifest parser words it. */
  static String describe(IOException e) {
    return e instanceof NoSuchFileException ? "no such file"
        : e instanceof AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
  }

  /** What identifies these bytes at this place. */
  Fingerprint fingerprint() {
    return new Fingerprint(realPath, sha256, signature.isPresent() ? Sha256.hex(signature.get()) : null);
  }

  /**
   * Whether the file looks written to its end: empty, or ending with a line end. A writer that
   * paused half-way leaves a last line without its end far more often than a valid manifest.
   */
  boolean complete() {
    return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
  }
}
