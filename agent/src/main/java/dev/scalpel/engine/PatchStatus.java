package dev.scalpel.engine;

import java.util.List;

/**
 * What one patch is doing, as {@code status} shows it.
 *
 * @param id            the patch id
 * @param state         {@code active}, {@code pending}, {@code shadow}, {@code disabled}, {@code expired},
 *                      {@code rolled-back}, {@code tripped} or {@code failed}
 * @param target        the target as the manifest wrote it
 * @param failure       why it failed, or null
 * @param callsFixed    calls that took the action, or null if calls are not counted
 * @param callsOriginal calls an active patch's guard ({@code when}, or the fix's own call of the
 *                      original) sent to the original code, or null if calls are not counted
 * @param errorsFixed   exceptions thrown out of the action, or null if calls are not counted
 * @param errorsGuard   exceptions thrown by the guard ({@code when}, a sticky key's {@code toString}),
 *                      after which the call ran the original code; null if calls are not counted
 * @param shadow        the comparison of a patch in shadow mode, else null
 * @param outsideOtherAgents the classes (binary names) where the patch's prologue runs outside other
 *                      agents' instrumentation of the same method, because the class could not be
 *                      redefined from its class file; usually empty
 * @param errorsOriginal exceptions thrown out of the original code on every call that ran it through
 *                      the prologue (the calls the guard sent to it, the fix's own calls of it, in
 *                      shadow mode every call), counted by the prologue's handler; null if calls
 *                      are not counted
 * @param latency       the sampled latencies of both paths over the patch's evidence window (in
 *                      shadow mode, the fix and the original timed on each call the fix ran on),
 *                      or null if calls are not counted
 * @param safety        what the safety net sees of a patch with {@code autoRollback}, else null
 */
public record PatchStatus(String id, String state, String target, String failure, Long callsFixed,
    Long callsOriginal, Long errorsFixed, Long errorsGuard, ShadowStatus shadow, List<String> outsideOtherAgents,
    Long errorsOriginal, LatencyStatus latency, Safety safety) {

  public PatchStatus {
    outsideOtherAgents = List.copyOf(outsideOtherAgents);
  }

  /** A status without evidence of the original's errors or of latency, and without the safety net's part. */
  public PatchStatus(String id, String state, String target, String failure, Long callsFixed, Long callsOriginal,
      Long errorsFixed, Long errorsGuard, ShadowStatus shadow, List<String> outsideOtherAgents) {
    this(id, state, target, failure, callsFixed, callsOriginal, errorsFixed, errorsGuard, shadow, outsideOtherAgents,
        null, null, null);
  }

  /** A status whose prologue sits inside other agents' code everywhere. */
  public PatchStatus(String id, String state, String target, String failure, Long callsFixed, Long callsOriginal,
      Long errorsFixed, Long errorsGuard, ShadowStatus shadow) {
    this(id, state, target, failure, callsFixed, callsOriginal, errorsFixed, errorsGuard, shadow, List.of());
  }

  /**
   * What shadow mode found so far.
   *
   * @param matches    calls where the fix's outcome equalled the original's
   * @param mismatches calls where it did not
   * @param samples    the latest mismatches, oldest first, each {@code args=... original=... fix=...}
   */
  public record ShadowStatus(long matches, long mismatches, java.util.List<String> samples) {}

  /**
   * What the safety net sees of a patch with {@code autoRollback}.
   *
   * @param windowCalls action calls in the rules' window now: no rule judges below {@code minCalls}
   * @param minCalls    the fewest action calls on which a rule judges
   * @param tripped     the rule that took the patch out, with its figures, or null
   * @param progress    where its progress stands, or null without {@code progress}
   */
  public record Safety(long windowCalls, int minCalls, String tripped, Progress progress) {}

  /**
   * Where a patch's progress stands.
   *
   * @param step the rollout now, e.g. {@code 25%}
   * @param next the next step, or null on the last
   * @param at   the earliest instant of the next step, or null when none is due (last step, taken
   *             out, or not in force yet); a step also waits for {@code minCalls} calls in the window
   */
  public record Progress(String step, String next, java.time.Instant at) {}

  /**
   * Sampled latencies of both paths over a window.
   *
   * @param fixed         the action path
   * @param original      calls the guard sent to the original code
   * @param windowSeconds the window's length: the last this many ticks of the agent's clock, one a second
   */
  public record LatencyStatus(PathLatency fixed, PathLatency original, int windowSeconds) {}

  /**
   * One path's sampled latencies, in nanoseconds, each percentile at most 1/32 above the exact one
   * of the samples; all 0 without samples.
   *
   * @param p50     the median
   * @param p99     the 99th percentile
   * @param max     the longest sample
   * @param samples how many calls were timed
   */
  public record PathLatency(long p50, long p99, long max, long samples) {

    /** The figures of {@code latency}. */
    static PathLatency of(Evidence.Latency latency) {
      return new PathLatency(latency.percentile(50), latency.percentile(99), latency.max(), latency.samples());
    }
  }
}
