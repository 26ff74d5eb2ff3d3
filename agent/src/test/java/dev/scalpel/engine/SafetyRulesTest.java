package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.dsl.AutoRollback;
import dev.scalpel.dsl.LatencyBound;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

final class SafetyRulesTest {

  private static final AutoRollback ERRORS_2_PERCENT =
      new AutoRollback(OptionalInt.of(200), Optional.empty(), 100, Duration.ofSeconds(60));
  private static final AutoRollback LATENCY_3X = new AutoRollback(OptionalInt.empty(),
      Optional.of(new LatencyBound.Relative(new BigDecimal("3"))), 100, Duration.ofSeconds(60));
  private static final AutoRollback LATENCY_50MS = new AutoRollback(OptionalInt.empty(),
      Optional.of(new LatencyBound.Absolute(Duration.ofMillis(50))), 100, Duration.ofSeconds(60));

  /** A latency rule samples one call in 64, so that its window reaches the 100 timed calls it reads. */
  @Test
  void samplingPeriod_denserOnlyWithALatencyRule() {
    assertThat(PatchRuntime.samplingPeriod(patch(Optional.empty()))).isEqualTo(Sampler.PERIOD);
    assertThat(PatchRuntime.samplingPeriod(patch(Optional.of(ERRORS_2_PERCENT)))).isEqualTo(Sampler.PERIOD);
    assertThat(PatchRuntime.samplingPeriod(patch(Optional.of(LATENCY_3X)))).isEqualTo(Sampler.LATENCY_RULE_PERIOD);
    assertThat(PatchRuntime.samplingPeriod(patch(Optional.of(LATENCY_50MS)))).isEqualTo(Sampler.LATENCY_RULE_PERIOD);
  }

  private static dev.scalpel.dsl.Patch patch(Optional<AutoRollback> rules) {
    return new dev.scalpel.dsl.Patch("P", new dev.scalpel.dsl.Target("a.B", "m", Optional.empty()),
        new dev.scalpel.dsl.Action.Skip(), Optional.empty(), dev.scalpel.dsl.Rollout.FULL, java.util.OptionalInt.empty(),
        dev.scalpel.dsl.Mode.ACTIVE, dev.scalpel.dsl.Governance.NONE, rules, Optional.empty());
  }

  @Test
  void judge_errorRateAboveLimit_namesRateCallsAndLimit() {
    assertThat(SafetyRules.judge(ERRORS_2_PERCENT, window(412, 89, Evidence.Latency.NONE, 0, Evidence.Latency.NONE), true))
        .contains("error rate 21.6% over 412 calls > 2%");
  }

  @Test
  void judge_errorRateExactlyAtLimit_noVerdict() {
    assertThat(SafetyRules.judge(ERRORS_2_PERCENT, window(1000, 20, Evidence.Latency.NONE, 0, Evidence.Latency.NONE), true))
        .isEmpty();
  }

  @Test
  void judge_fewerCallsThanMinCalls_noVerdict() {
    assertThat(SafetyRules.judge(ERRORS_2_PERCENT, window(99, 99, Evidence.Latency.NONE, 0, Evidence.Latency.NONE), true))
        .as("99 failing calls, one short of minCalls").isEmpty();
  }

  @Test
  void judge_p99AboveFactorOfOriginal_namesBothFigures() {
    assertThat(SafetyRules.judge(LATENCY_3X, window(530, 0, fixed(41_200_000), 500, fixed(12_100_000)), true))
        .contains("p99 41.2ms > 3x original p99 12.1ms over 530 calls");
  }

  /** Regression: a healthy fix's preempted tail, 4x the original's in microseconds, tripped it. */
  @Test
  void judge_p99AboveFactorByLessThanTheFloor_noVerdict() {
    assertThat(SafetyRules.judge(LATENCY_3X, window(530, 0, fixed(270_000), 500, fixed(64_000)), true)).isEmpty();
    assertThat(SafetyRules.judge(LATENCY_3X, window(530, 0, fixed(1_090_000), 500, fixed(64_000)), true))
        .as("a millisecond and more above the original").contains("p99 1.1ms > 3x original p99 64.0us over 530 calls");
  }

  /**
   * Regression: stalls that hit both paths alike (a collection, a preempted thread) put a healthy
   * fix's p99 at 5.1 ms against the original's 90 us when five of its 475 timed calls met one and
   * four of the original's 478 did; the fix is no slower than the original there.
   */
  @Test
  void judge_p99AboveFactorFromStallsBothPathsShare_noVerdict() {
    Evidence.Latency fix = LatencySamples.runs(470, 3_800, 3, 5_100_000, 2, 14_350_000);
    Evidence.Latency original = LatencySamples.runs(473, 5_400, 1, 90_000, 3, 6_600_000);
    assertThat(fix.percentile(99)).as("the fix's p99 is one of its stalls").isGreaterThan(5_000_000);
    assertThat(original.percentile(99)).as("the original's p99 is below its stalls").isLessThan(100_000);

    assertThat(SafetyRules.judge(LATENCY_3X, window(517_321, 0, fix, 517_687, original), true)).isEmpty();
  }

  /**
   * A fix slow on 6% of its calls, against the original's stalls on under 1% of its own, trips;
   * 5% is not yet significant over 475 timed calls a path (z = 3.97).
   */
  @Test
  void judge_p99AboveFactorOnASlowTailOfTheFix_trips() {
    Evidence.Latency fix = LatencySamples.runs(450, 3_800, 30, 5_100_000);
    Evidence.Latency original = LatencySamples.runs(473, 5_400, 1, 90_000, 4, 6_600_000);

    assertThat(SafetyRules.judge(LATENCY_3X, window(480, 0, fix, 478, original), true))
        .hasValueSatisfying(rule -> assertThat(rule).startsWith("p99 5.1ms > 3x original p99 "));
  }

  @Test
  void judge_p99AboveAbsoluteBoundAsOftenOnTheOriginal_noVerdict() {
    Evidence.Latency slowTail = LatencySamples.runs(95, 1_000_000, 5, 60_000_000);
    assertThat(SafetyRules.judge(LATENCY_50MS, window(200, 0, slowTail, 200, slowTail), true))
        .as("taking the fix out would not make the calls faster").isEmpty();
  }

  @Test
  void judge_p99WithinFactor_noVerdict() {
    assertThat(SafetyRules.judge(LATENCY_3X, window(530, 0, fixed(30_000_000), 500, fixed(12_100_000)), true)).isEmpty();
  }

  @Test
  void judge_relativeWithoutOriginalSamples_noVerdict() {
    assertThat(SafetyRules.judge(LATENCY_3X, window(530, 0, fixed(41_200_000), 0, Evidence.Latency.NONE), true)).isEmpty();
  }

  @Test
  void judge_p99AboveAbsoluteBound_namesBound() {
    assertThat(SafetyRules.judge(LATENCY_50MS, window(200, 0, fixed(60_000_000), 0, Evidence.Latency.NONE), true))
        .contains("p99 60.0ms > 50ms over 200 calls");
  }

  @Test
  void judge_latencyBeforeTheWindowIsFull_noVerdict() {
    assertThat(SafetyRules.judge(LATENCY_50MS, window(200, 0, fixed(60_000_000), 0, Evidence.Latency.NONE), false))
        .as("the fix's first calls may run before the JIT compiled it").isEmpty();
  }

  @Test
  void judge_latencyFromFewerThanHundredSamples_noVerdict() {
    assertThat(SafetyRules.judge(LATENCY_50MS, window(200, 0, fixed(60_000_000, 99), 0, Evidence.Latency.NONE), true))
        .as("a p99 of 99 samples is their maximum").isEmpty();
  }

  private static Evidence.Interval window(long calls, long errors, Evidence.Latency latency, long originalCalls,
      Evidence.Latency originalLatency) {
    return new Evidence.Interval(new Evidence.PathFigures(calls, errors, latency),
        new Evidence.PathFigures(originalCalls, 0, originalLatency));
  }

  /** A hundred samples that all took {@code nanos}. */
  private static Evidence.Latency fixed(long nanos) {
    return fixed(nanos, 100);
  }

  /** Samples that all took {@code nanos}. */
  private static Evidence.Latency fixed(long nanos, long samples) {
    return LatencySamples.constant(nanos, samples);
  }
}
