package dev.scalpel.engine;

/**
 * A patch's evidence: calls and errors of both paths from its exact counters, and the latencies of
 * both paths from its {@link Timings}. Each drain returns what was gathered since the previous one.
 */
final class PatchEvidence implements Evidence {

  private final Counting.Counters counters;
  private final Timings timings;
  // Guarded by this object's lock: the sums at the previous drain.
  private long fixed;
  private long original;
  private long fixedErrors;
  private long originalErrors;

  /**
   * @param counters the patch's counters
   * @param timings  its timed calls, or null if it times none: no latency
   */
  PatchEvidence(Counting.Counters counters, Timings timings) {
    this.counters = counters;
    this.timings = timings;
  }

  @Override
  public synchronized Interval drain() {
    long f = counters.fixed().sum();
    long o = counters.original().sum();
    long e = counters.fixedErrors().sum();
    long oe = counters.originalErrors().sum();
    Interval interval = new Interval(
        new PathFigures(f - fixed, e - fixedErrors, timings == null ? Latency.NONE : timings.drainFixed()),
        new PathFigures(o - original, oe - originalErrors, timings == null ? Latency.NONE : timings.drainOriginal()));
    fixed = f;
    original = o;
    fixedErrors = e;
    originalErrors = oe;
    return interval;
  }
}
