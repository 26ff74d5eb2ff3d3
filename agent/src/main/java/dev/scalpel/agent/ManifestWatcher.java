package dev.scalpel.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Notices that the manifest file changed, by polling what the path resolves to: its real path
 * (so an atomic symlink swap, as a Kubernetes ConfigMap mount does it, counts as a change) and the
 * SHA-256 of its bytes (a manifest is small; hashing it a few times a second costs nothing worth
 * measuring, and catches a rewrite that keeps size and modification time).
 *
 * <p>A change is handed over only when it looks finished: the same bytes at the same place for
 * {@link #QUIET} and more, and a file that ends with a line end. A writer that pauses half-way
 * therefore never has a valid prefix applied (which could drop later patches, or a {@code rollout:}
 * line), unless it pauses for longer than the quiet period at the end of a line; an atomic rename
 * into place avoids even that. A file missing for a moment (between the two renames of a swap) is
 * waited out. {@code ManifestWatcherTest} shows each case.
 */
final class ManifestWatcher {

  /** How long a changed file must stay the same before it is read for good. */
  static final Duration QUIET = Duration.ofSeconds(1);

  private final Path path;
  private final boolean signed;
  private final AgentLog log;
  private final LongSupplier nanoClock;
  private ManifestSnapshot.Fingerprint applied;
  private ManifestSnapshot.Fingerprint seen;
  private long seenSince;
  private boolean toldIncomplete;

  /**
   * Watches {@code path}, taking {@code applied} as what was last handled ({@code null} if the
   * file could not be read then: any content it gets is a change).
   */
  ManifestWatcher(Path path, ManifestSnapshot.Fingerprint applied, AgentLog log) {
    this(path, false, applied, log, NanoTime.CLOCK);
  }

  /**
   * Watches {@code path} and, with {@code signed}, its signature file too: a change of either is
   * a change, and each snapshot holds both as read together.
   */
  ManifestWatcher(Path path, boolean signed, ManifestSnapshot.Fingerprint applied, AgentLog log) {
    this(path, signed, applied, log, NanoTime.CLOCK);
  }

  // A class rather than System::nanoTime: a watcher starts before the application's main, where a
  // method reference costs a generated class.
  private static final class NanoTime implements LongSupplier {
    static final NanoTime CLOCK = new NanoTime();

    @Override
    public long getAsLong() {
      return System.nanoTime();
    }
  }

  /** As the public constructor, reading the time from {@code nanoClock} ({@link System#nanoTime()}'s scale). */
  ManifestWatcher(Path path, ManifestSnapshot.Fingerprint applied, AgentLog log, LongSupplier nanoClock) {
    this(path, false, applied, log, nanoClock);
  }

  private ManifestWatcher(Path path, boolean signed, ManifestSnapshot.Fingerprint applied, AgentLog log,
      LongSupplier nanoClock) {
    this.path = path;
    this.signed = signed;
    this.applied = applied;
    this.log = log;
    this.nanoClock = nanoClock;
  }

  Path path() {
    return path;
  }

  /**
   * One poll: the file's content if it changed since it was last handled, stayed the same for
   * {@link #QUIET}, and ends with a line end; else empty. The caller applies exactly those bytes and
   * calls {@link #handled} with their fingerprint whatever the outcome, so that a rejected file is
   * not retried until it changes again.
   */
  Optional<ManifestSnapshot> poll() {
    ManifestSnapshot now;
    try {
      now = ManifestSnapshot.read(path, signed);
    } catch (IOException e) {
      seen = null;
      return Optional.empty();
    }
    ManifestSnapshot.Fingerprint print = now.fingerprint();
    if (print.equals(applied)) {
      seen = print;
      return Optional.empty();
    }
    long time = nanoClock.getAsLong();
    if (!print.equals(seen)) {
      seen = print;
      seenSince = time;
      toldIncomplete = false;
      return Optional.empty();
    }
    if (time - seenSince < QUIET.toNanos()) {
      return Optional.empty();
    }
    if (!now.complete()) {
      if (!toldIncomplete) {
        toldIncomplete = true;
        log.warn("manifest " + path + " changed but does not end with a line end; waiting for the rest"
            + " (write the file elsewhere and rename it into place)");
      }
      return Optional.empty();
    }
    return Optional.of(now);
  }

  /** Records {@code handled} as the state applied or rejected last. */
  void handled(ManifestSnapshot.Fingerprint handled) {
    applied = handled;
  }

  @Override
  public String toString() {
    return "watcher of " + path + " at " + Objects.toString(applied);
  }
}
