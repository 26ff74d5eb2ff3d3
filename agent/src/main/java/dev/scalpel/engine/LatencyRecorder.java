package dev.scalpel.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where the sampled calls of one path record their latencies, from any thread, until the clock
 * drains them. Recording is an atomic add into the sample's bucket and a compare-and-set on the
 * maximum when it grows: sampled calls are rare ({@link Sampler#PERIOD}), so the atomics cost
 * nothing the calls would notice. A sample recorded while a drain runs lands in that interval or
 * the next, never in none or both; its maximum may go to the other of the two, so an interval's
 * maximum is at least the lowest value of its highest bucket, and a maximum is never lost.
 */
final class LatencyRecorder {

  private final AtomicLongArray buckets = new AtomicLongArray(Latencies.BUCKETS);
  private final AtomicLong max = new AtomicLong();

  /** Records one sample, in nanoseconds. */
  void record(long nanos) {
    buckets.getAndIncrement(Latencies.index(nanos));
    raiseMax(nanos);
  }

  /** The samples recorded since the previous drain. One thread at a time drains. */
  Evidence.Latency drain() {
    long[] taken = null;
    for (int i = 0; i < Latencies.BUCKETS; i++) {
      if (buckets.get(i) != 0) {
        if (taken == null) {
          taken = new long[Latencies.BUCKETS];
        }
        taken[i] = buckets.getAndSet(i, 0);
      }
    }
    long longest = max.getAndSet(0);
    if (taken == null) {
      // The maximum of a sample whose bucket the scan missed: it goes with that bucket, next time.
      raiseMax(longest);
      return Evidence.Latency.NONE;
    }
    int top = taken.length - 1;
    while (taken[top] == 0) {
      top--;
    }
    // A sample recorded during the drain may have left its maximum for the next interval.
    return Latencies.fromDense(taken, Math.max(longest, Latencies.lowest(top)));
  }

  private void raiseMax(long value) {
    long seen = max.get();
    while (value > seen && !max.compareAndSet(seen, value)) {
      seen = max.get();
    }
  }
}
