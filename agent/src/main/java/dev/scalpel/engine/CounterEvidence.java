package dev.scalpel.engine;

/**
 * Evidence read from a patch's exact call counters, without latency: each drain returns what the
 * counters gained since the previous one. Errors of the original path are not counted here (0).
 */
final class CounterEvidence implements Evidence {

  private final Counting.Counters counters;
  // Guarded by this object's lock: the counters' sums at the previous drain.
  private long fixed;
  private long original;
  private long fixedErrors;

  CounterEvidence(Counting.Counters counters) {
    this.counters = counters;
  }

  @Override
  public synchronized Interval drain() {
    long f = counters.fixed().sum();
    long o = counters.original().sum();
    long e = counters.fixedErrors().sum();
    Interval interval = new Interval(new PathFigures(f - fixed, e - fixedErrors, Latency.NONE),
        new PathFigures(o - original, 0, Latency.NONE));
    fixed = f;
    original = o;
    fixedErrors = e;
    return interval;
  }
}
