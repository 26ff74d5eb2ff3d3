package dev.scalpel.engine;

import dev.scalpel.dsl.AutoRollback;
import dev.scalpel.dsl.LatencyBound;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * The verdict of a patch's {@code autoRollback} rules on its evidence over one window: which rule
 * trips, with the figures that show it, or none. Pure: the same rules and evidence give the same
 * verdict.
 *
 * <p>No rule judges a window in which fewer than {@code minCalls} calls took the action, however
 * bad they were: quiet traffic never trips a patch. A time window, unlike Resilience4j's
 * count-based one, holds any number of calls, so a {@code minCalls} that traffic never reaches
 * within the window means the rules never judge; {@code status} shows the window's calls against
 * {@code minCalls} so that this can be seen (tested by {@code SafetyRulesTest#judge_fewerCallsThanMinCalls_noVerdict}).
 * A latency rule also needs {@link #MIN_LATENCY_SAMPLES} timed calls on each path it reads, and a
 * window as long as its rule: sampled latency is noisy, and a false trip takes a good fix out.
 */
final class SafetyRules {

  private SafetyRules() {}

  /**
   * The fewest timed calls on a path from which a latency rule reads its p99: below 100, the p99 is
   * the slowest sample, and one preempted call would trip a healthy fix.
   */
  static final long MIN_LATENCY_SAMPLES = 100;

  /**
   * How far the fix's p99 must also lie above the original's for a relative rule ({@code 3x}) to
   * trip: on methods that take microseconds, both p99s are the tail of preempted calls, and a
   * healthy fix's tail came out 4x the original's (270 us against 64 us, 765 samples each) on a
   * loaded 2-core machine. A fix that is slower by less than a millisecond at its p99 is left to an
   * absolute bound.
   */
  static final long RELATIVE_FLOOR_NANOS = 1_000_000;

  /**
   * The rule that {@code window} breaks, as the audit log's {@code error} names it, or empty.
   *
   * @param full whether the window spans its whole length of the patch's life: latency rules judge
   *             only then, so that the fix's first calls, run before the JIT compiled it, do not
   *             count against it; the error rate judges at once
   */
  static Optional<String> judge(AutoRollback rules, Evidence.Interval window, boolean full) {
    Evidence.PathFigures fixed = window.fixed();
    if (fixed.calls() < rules.minCalls()) {
      return Optional.empty();
    }
    if (rules.maxErrorRate().isPresent()) {
      int limit = rules.maxErrorRate().getAsInt();
      // errors / calls > limit / 10,000, without rounding.
      if (BigDecimal.valueOf(fixed.errors()).multiply(BigDecimal.valueOf(10_000))
          .compareTo(BigDecimal.valueOf(fixed.calls()).multiply(BigDecimal.valueOf(limit))) > 0) {
        return Optional.of(String.format(Locale.ROOT, "error rate %s over %d calls > %s",
            percent(fixed.errors() * 100.0 / fixed.calls()), fixed.calls(), new dev.scalpel.dsl.Rollout(limit)));
      }
    }
    if (full && rules.maxLatency().isPresent() && fixed.latency().samples() >= MIN_LATENCY_SAMPLES) {
      long p99 = fixed.latency().percentile(99);
      LatencyBound bound = rules.maxLatency().get();
      if (bound instanceof LatencyBound.Relative relative) {
        Evidence.Latency original = window.original().latency();
        if (original.samples() >= MIN_LATENCY_SAMPLES) {
          long originalP99 = original.percentile(99);
          if (BigDecimal.valueOf(p99).compareTo(relative.factor().multiply(BigDecimal.valueOf(originalP99))) > 0
              && p99 - originalP99 > RELATIVE_FLOOR_NANOS) {
            return Optional.of("p99 " + millis(p99) + " > " + relative + " original p99 " + millis(originalP99)
                + " over " + fixed.calls() + " calls");
          }
        }
      } else if (bound instanceof LatencyBound.Absolute absolute && p99 > absolute.bound().toNanos()) {
        return Optional.of("p99 " + millis(p99) + " > " + absolute + " over " + fixed.calls() + " calls");
      }
    }
    return Optional.empty();
  }

  /** A share with up to one decimal and at least one significant digit: {@code 21.5%}, {@code 0.04%}. */
  private static String percent(double percent) {
    String text = percent >= 0.1 ? String.format(Locale.ROOT, "%.1f", percent)
        : new BigDecimal(percent).round(new java.math.MathContext(1)).toPlainString();
    return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "%";
  }

  /** Nanoseconds as milliseconds with one decimal, or microseconds below 0.1 ms. */
  static String millis(long nanos) {
    return nanos >= 100_000 ? String.format(Locale.ROOT, "%.1fms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.1fus", nanos / 1e3);
  }
}
