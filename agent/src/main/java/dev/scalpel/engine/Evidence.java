package dev.scalpel.engine;

/**
 * What a patch's calls show on its two paths: the action, and the original code that its guard sent
 * calls to. The safety net's clock drains it once per tick and keeps the intervals of its window;
 * {@code status}, JMX and JFR read the same intervals.
 *
 * <p>Draining never blocks a calling thread, and a call counted while a drain runs lands in that
 * interval or the next, never in none or both.
 */
public interface Evidence {

  /** Evidence of nothing: what a patch that gathers none (counters off) drains. */
  Evidence NONE = () -> Interval.EMPTY;

  /**
   * Everything gathered since the previous drain, or since the patch was created. One thread at a
   * time drains (the agent's clock).
   */
  Interval drain();

  /** The figures of both paths over one interval. */
  record Interval(PathFigures fixed, PathFigures original) {

    /** An interval in which nothing happened. */
    public static final Interval EMPTY = new Interval(PathFigures.EMPTY, PathFigures.EMPTY);

    /** This interval and {@code later} as one: counts add, latency samples merge. */
    public Interval plus(Interval later) {
      return new Interval(fixed.plus(later.fixed), original.plus(later.original));
    }
  }

  /**
   * One path's figures over an interval.
   *
   * @param calls   calls that took the path
   * @param errors  exceptions thrown out of the path; for the original path, out of the original
   *                body on every call that ran it through the prologue: the calls the guard sent to
   *                it, the fix's own calls of it, and in shadow mode every call (the original
   *                answers them all)
   * @param latency the sampled latencies of calls on the path (in shadow mode, both paths timed on
   *                the calls the fix ran on)
   */
  record PathFigures(long calls, long errors, Latency latency) {

    /** No calls. */
    public static final PathFigures EMPTY = new PathFigures(0, 0, Latency.NONE);

    public PathFigures plus(PathFigures later) {
      return new PathFigures(calls + later.calls, errors + later.errors, latency.plus(later.latency));
    }
  }

  /** Sampled latencies of one path, in nanoseconds. Immutable. */
  interface Latency {

    /** No samples. */
    Latency NONE = new Latency() {
      @Override
      public long samples() {
        return 0;
      }

      @Override
      public long percentile(double percent) {
        return 0;
      }

      @Override
      public long max() {
        return 0;
      }

      @Override
      public long above(long nanos) {
        return 0;
      }

      @Override
      public Latency plus(Latency later) {
        return later;
      }
    };

    /** How many calls were timed. */
    long samples();

    /**
     * The latency at or below which {@code percent} of the samples lie, in nanoseconds, within the
     * histogram's precision; 0 without samples.
     */
    long percentile(double percent);

    /** The longest sample, in nanoseconds; 0 without samples. */
    long max();

    /**
     * How many samples certainly took longer than {@code nanos}: those in the histogram's buckets
     * that lie wholly above it. A sample in the bucket that holds {@code nanos} is not counted.
     */
    long above(long nanos);

    /** These samples and {@code later}'s as one. */
    Latency plus(Latency later);
  }
}
