package dev.scalpel.dsl;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A patch's {@code autoRollback:} rules: when its action misbehaves over a sliding window, it
 * takes itself out. At least one rule is set; with fewer than {@code minCalls} action calls in the
 * window no rule judges, however bad those calls were.
 *
 * @param maxErrorRate the highest share of action calls that may throw, in hundredths of a percent
 *                     ({@code 2%} is 200), if that rule is set
 * @param maxLatency   the bound on the action's p99, if that rule is set
 * @param minCalls     the fewest action calls in the window on which a rule judges, at least 1
 * @param window       the sliding window, a whole number of seconds from 1 s to {@link #MAX_WINDOW}
 */
public record AutoRollback(OptionalInt maxErrorRate, Optional<LatencyBound> maxLatency, int minCalls,
    Duration window) {

  /** {@code minCalls} when not written. */
  public static final int DEFAULT_MIN_CALLS = 100;

  /** {@code window} when not written. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

  /** The longest window: what the agent keeps of a patch's evidence, one interval per second. */
  public static final Duration MAX_WINDOW = Duration.ofMinutes(10);

  /**
   * Rules; their values are checked by the parser, not here.
   *
   * @throws NullPointerException if an argument is null
   */
  public AutoRollback {
    Objects.requireNonNull(maxErrorRate, "maxErrorRate");
    Objects.requireNonNull(maxLatency, "maxLatency");
    Objects.requireNonNull(window, "window");
  }

  /** The window in whole seconds: the number of one-second ticks of evidence a verdict sums. */
  public int windowSeconds() {
    return (int) window.toSeconds();
  }
}
