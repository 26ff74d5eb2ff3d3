package dev.scalpel.dsl;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/** The {@code maxLatency} rule of {@link AutoRollback}: a bound on the action's p99. */
public sealed interface LatencyBound {

  /**
   * {@code Nx}: the action's p99 may be at most {@code factor} times the original's p99 in the same
   * window. It judges only when both paths have timed calls in the window.
   *
   * @param factor more than 1, up to two decimals
   */
  record Relative(BigDecimal factor) implements LatencyBound {
    /** @throws NullPointerException if {@code factor} is null */
    public Relative {
      Objects.requireNonNull(factor, "factor");
      factor = factor.stripTrailingZeros();
    }

    /** The manifest spelling: {@code 3x}, {@code 1.5x}. */
    @Override
    public String toString() {
      return factor.toPlainString() + "x";
    }
  }

  /**
   * An absolute bound such as {@code 50ms}: the action's p99 may be at most {@code bound}.
   *
   * @param bound more than zero
   */
  record Absolute(Duration bound) implements LatencyBound {
    /** @throws NullPointerException if {@code bound} is null */
    public Absolute {
      Objects.requireNonNull(bound, "bound");
    }

    /** The manifest spelling, in the largest unit that writes it whole: {@code 2s}, {@code 50ms}, {@code 250us}. */
    @Override
    public String toString() {
      return Durations.format(bound);
    }
  }
}
