package dev.scalpel.agent;

import dev.scalpel.engine.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Notices that the manifest file changed, by polling what the path resolves to: its real path
 * (so an atomic symlink swap, as a Kubernetes ConfigMap mount does it, counts as a change) and the
 * SHA-256 of its bytes (a manifest is small; hashing it a few times a second costs nothing worth
 * measuring, and catches a rewrite that keeps size and modification time). A change is reported only once the file has stayed the same for one more
 * poll, so a file being written is not read half-way; a file that is missing for a moment (between
 * the two renames of a swap) is waited out.
 */
final class ManifestWatcher {

  /** What the manifest path resolves to at one poll. */
  record Fingerprint(Path realPath, String sha256) {}

  private final Path path;
  private Fingerprint applied;
  private Fingerprint seen;

  /** Watches {@code path}, taking its current state as the applied one. */
  ManifestWatcher(Path path) {
    this.path = path;
    this.applied = fingerprint();
    this.seen = applied;
  }

  Path path() {
    return path;
  }

  /**
   * One poll: true if the file changed since it was last applied and has now been stable for a
   * poll. The caller then reads and applies it, and calls {@link #applied} whatever the outcome, so
   * that a rejected file is not retried until it changes again.
   */
  boolean changed() {
    Fingerprint now = fingerprint();
    if (now == null) {
      return false;
    }
    boolean stable = now.equals(seen);
    seen = now;
    return stable && !now.equals(applied);
  }

  /** Records the current state as handled. */
  void applied() {
    applied = seen;
  }

  private Fingerprint fingerprint() {
    try {
      Path real = path.toRealPath();
      return new Fingerprint(real, Sha256.hex(Files.readAllBytes(real)));
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "watcher of " + path + " at " + Objects.toString(applied);
  }
}
