package dev.scalpel.jmx;

/**
 * {@code dev.scalpel:type=Patch,id=ID}: one patch of the running manifest. It shows state and offers
 * rollback; it never applies code.
 */
public interface PatchMXBean {

  /** The patch id. */
  String getId();

  /**
   * The state, as {@code status} shows it: {@code active}, {@code pending}, {@code shadow},
   * {@code disabled}, {@code expired}, {@code rolled-back} or {@code failed};
   * {@code removed} once the patch has left the running manifest and before the bean goes.
   */
  String getState();

  /** The target as the manifest wrote it. */
  String getTarget();

  /**
   * Calls that took the action, as {@code calls.fixed} in {@code status --json}; null (shown empty
   * or {@code null} by JConsole and VisualVM) when the agent runs with {@code counters=false}.
   */
  Long getCallsFixed();

  /**
   * Calls an active patch's guard ({@code when}, the rollout gate, or the fix's own call of the
   * original) sent to the original code, as {@code calls.original}; null when calls are not counted.
   */
  Long getCallsOriginal();

  /** Exceptions thrown out of the action, as {@code errors.fixed}; null when calls are not counted. */
  Long getErrorsFixed();

  /**
   * Exceptions thrown by the guard, after which the call ran the original code, as
   * {@code errors.guard}; null when calls are not counted.
   */
  Long getErrorsGuard();

  /**
   * Exceptions out of the original code on the calls that ran it (the guard sent them to it, or in
   * shadow mode every call), as {@code errors.original}; null when calls are not counted.
   */
  Long getErrorsOriginal();

  /** The action path's median latency over the evidence window, in nanoseconds; null when not sampled. */
  Long getLatencyFixedP50();

  /** The action path's 99th percentile latency over the evidence window, in nanoseconds; null when not sampled. */
  Long getLatencyFixedP99();

  /** The action path's longest sampled call in the evidence window, in nanoseconds; null when not sampled. */
  Long getLatencyFixedMax();

  /** How many of the action path's calls were timed in the evidence window; null when not sampled. */
  Long getLatencyFixedSamples();

  /** The original path's median latency over the evidence window, in nanoseconds; null when not sampled. */
  Long getLatencyOriginalP50();

  /** The original path's 99th percentile latency over the evidence window, in nanoseconds; null when not sampled. */
  Long getLatencyOriginalP99();

  /** The original path's longest sampled call in the evidence window, in nanoseconds; null when not sampled. */
  Long getLatencyOriginalMax();

  /** How many of the original path's calls were timed in the evidence window; null when not sampled. */
  Long getLatencyOriginalSamples();

  /** Why the patch failed, or null. */
  String getFailure();

  /** Rolls this patch back (audited as any rollback); returns what happened. */
  String rollback();
}
