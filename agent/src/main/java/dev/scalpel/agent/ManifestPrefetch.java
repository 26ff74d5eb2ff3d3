package dev.scalpel.agent;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.ManifestParser;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and parses the manifest of the agent's first start on a thread of its own, while the
 * starting thread opens the audit log, defines the bootstrap classes and builds the engine: the
 * two share no state, and on a JVM with a second processor the read no longer waits behind the
 * set-up. It only reads: what the manifest may do (owner, signature, policy, check) is still
 * decided by the starting thread, in the same order as without it, on exactly the bytes read here.
 *
 * <p>Whatever the read or the parse throws is handed to the starting thread as if it had read
 * the file itself. Anything else (an {@link Error} on this thread) makes {@link #snapshot} answer
 * null, and the starting thread reads the file again.
 */
final class ManifestPrefetch extends Thread {

  private final Path file;
  private final boolean signed;
  // Written by this thread before it ends, read by the starting thread after join().
  private ManifestSnapshot snapshot;
  private IOException unreadable;
  private Manifest manifest;
  private ManifestException invalid;
  private Throwable failure;

  private ManifestPrefetch(Path file, boolean signed) {
    super("scalpel-read");
    this.file = file;
    this.signed = signed;
    setDaemon(true);
  }

  /**
   * Starts reading {@code file} (an absolute path) now.
   *
   * @param signed whether the signature file is read too ({@code trust=} is set)
   */
  static ManifestPrefetch start(Path file, boolean signed) {
    ManifestPrefetch prefetch = new ManifestPrefetch(file, signed);
    prefetch.start();
    return prefetch;
  }

  @Override
  public void run() {
    try {
      snapshot = ManifestSnapshot.read(file, signed);
      try {
        manifest = ManifestParser.parse(file.toString(), snapshot.bytes());
      } catch (ManifestException e) {
        invalid = e;
      }
    } catch (IOException e) {
      unreadable = e;
    } catch (Throwable t) {
      // Don't rethrow: the starting thread reads the file itself.
      failure = t;
    }
  }

  /**
   * What was read, once it is, if it is {@code file} read with {@code signed} as asked; null if it
   * is another file or the read failed in a way the starting thread must see for itself.
   *
   * @throws IOException the read's own failure, as {@link ManifestSnapshot#read} throws it
   */
  ManifestSnapshot snapshot(Path file, boolean signed) throws IOException {
    if (!this.file.equals(file) || this.signed != signed || !finished() || failure != null) {
      return null;
    }
    if (unreadable != null) {
      throw unreadable;
    }
    return snapshot;
  }

  /**
   * The manifest parsed from {@code read}, if {@code read} is this prefetch's snapshot; else null.
   *
   * @throws ManifestException the parse's own failure, as {@link ManifestParser#parse} throws it
   */
  Manifest manifest(ManifestSnapshot read) throws ManifestException {
    if (read == null || read != snapshot) {
      return null;
    }
    if (invalid != null) {
      throw invalid;
    }
    return manifest;
  }

  // Waits for the read; an interrupt stops the wait, and the starting thread reads the file itself.
  private boolean finished() {
    try {
      join();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
