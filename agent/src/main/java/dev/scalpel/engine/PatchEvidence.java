package dev.scalpel.engine;

/**
 * A patch's evidence: calls and action errors from its exact counters, and, from its
 * {@link Sampler}, the latencies of both paths and the original code's exceptions on sampled calls.
 * Each drain returns what was gathered since the previous one.
 */
final class PatchEvidence implements Evidence {

  private final Counting.Counters counters;
  private final Sampler sampler;
  // Guarded by this object's lock: the sums at the previous drain.
  private long fixed;
  private long original;
  private long fixedErrors;
  private long originalErrors;

  /**
   * @param counters the patch's counters
   * @param sampler  its sampler, or null if it samples nothing (shadow mode): no latency, no errors
   *                 of the original
   */
  PatchEvidence(Counting.Counters counters, Sampler sampler) {
    this.counters = counters;
    this.sampler = sampler;
  }

  @Override
  public synchronized Interval drain() {
    long f = counters.fixed().sum();
    long o = counters.original().sum();
    long e = counters.fixedErrors().sum();
    long oe = sampler == null ? 0 : sampler.originalErrors();
    Interval interval = new Interval(
        new PathFigures(f - fixed, e - fixedErrors, sampler == null ? Latency.NONE : sampler.drainFixed()),
        new PathFigures(o - original, oe - originalErrors, sampler == null ? Latency.NONE : sampler.drainOriginal()));
    fixed = f;
    original = o;
    fixedErrors = e;
    originalErrors = oe;
    return interval;
  }
}
