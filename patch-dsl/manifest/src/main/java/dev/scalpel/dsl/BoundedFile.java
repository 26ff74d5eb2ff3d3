package dev.scalpel.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The bounded read that the manifest and policy parsers share: a file is read once, at most one
 * byte past its parser's limit, so that an oversized file is told apart from one at the limit
 * without reading it all.
 */
final class BoundedFile {

  private BoundedFile() {}

  /**
   * Reads {@code file}'s bytes, at most {@code maxBytes + 1} of them: more than {@code maxBytes}
   * means the file is too large, which the caller reports in its own words.
   *
   * @param what     what the file holds, for the message: "manifest", "policy"
   * @param problems where a read that fails is reported: one problem at line 1, column 1,
   *                 {@code cannot read the WHAT: no such file}, {@code permission denied}, or the
   *                 I/O failure's message
   * @throws ManifestException if the file cannot be read, with the I/O failure as its cause
   */
  static byte[] read(Path file, int maxBytes, String what, Problems problems) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      problems.add(problems.at(1, 1), "", "cannot read the " + what + ": " + (e instanceof NoSuchFileException
          ? "no such file" : e instanceof AccessDeniedException ? "permission denied" : e.getMessage()));
      throw problems.rejection(e);
    }
  }
}
