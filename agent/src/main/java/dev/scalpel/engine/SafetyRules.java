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
 * window as long as its rule: sampled latency is noisy, and a false trip takes a good fix out. Where
 * the original path was timed in the window too, a latency rule trips only if the fix's calls
 * exceed the limit significantly more often than the original's ({@link #slowerThanOriginal}).
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
   * How sure a latency rule must be that the fix, not the machine, is slow: the share of the fix's
   * timed calls above the rule's limit must exceed the original's share above the same limit by at
   * least this many standard errors (a one-sided two-proportion z-test; 4 is a chance of about 3 in
   * 100,000 that a fix as fast as the original looks this slow in one window).
   */
  static final double MIN_Z = 4;

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
      Evidence.Latency fix = fixed.latency();
      Evidence.Latency original = window.original().latency();
      boolean originalTimed = original.samples() >= MIN_LATENCY_SAMPLES;
      long p99 = fix.percentile(99);
      LatencyBound bound = rules.maxLatency().get();
      if (bound instanceof LatencyBound.Relative relative && originalTimed) {
        long originalP99 = original.percentile(99);
        long limit = Math.max(relative.factor().multiply(BigDecimal.valueOf(originalP99)).longValue(),
            originalP99 + RELATIVE_FLOOR_NANOS);
        if (p99 > limit && slowerThanOriginal(fix, original, limit)) {
          return Optional.of("p99 " + millis(p99) + " > " + relative + " original p99 " + millis(originalP99)
              + " over " + fixed.calls() + " calls");
        }
      } else if (bound instanceof LatencyBound.Absolute absolute) {
        long limit = absolute.bound().toNanos();
        if (p99 > limit && (!originalTimed || slowerThanOriginal(fix, original, limit))) {
          return Optional.of("p99 " + millis(p99) + " > " + absolute + " over " + fixed.calls() + " calls");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the fix's timed calls exceed {@code limit} significantly more often than the original's
   * in the same window ({@link #MIN_Z}). Stalls that are not the fix's doing (a collection, a thread
   * preempted on a busy host) hit both paths alike; where they are what puts the fix's p99 above
   * the limit, the original's calls meet them as often, and taking the fix out would make nothing
   * faster. A healthy fix tripped that way: five of its 475 timed calls against four of the
   * original's 478 were stalled for 5 to 14 ms, which made its p99 5.1 ms against the original's
   * 90 us.
   */
  static boolean slowerThanOriginal(Evidence.Latency fix, Evidence.Latency original, long limit) {
    double n1 = fix.samples();
    double n2 = original.samples();
    double over1 = fix.above(limit);
    double over2 = original.above(limit);
    double share1 = over1 / n1;
    double share2 = over2 / n2;
    if (share1 <= share2) {
      return false;
    }
    double pooled = (over1 + over2) / (n1 + n2);
    double error = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    return (share1 - share2) >= MIN_Z * error;
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
