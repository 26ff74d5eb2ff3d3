package dev.scalpel.engine;

import java.util.Arrays;

/** Latency histograms of made-up samples, built by the agent's own histogram, for tests. */
public final class LatencySamples {

  private LatencySamples() {}

  /** {@code samples} calls that all took {@code nanos}. */
  public static Evidence.Latency constant(long nanos, long samples) {
    return runs(samples, nanos);
  }

  /**
   * Runs of equal samples: {@code runs(470, 4_000, 5, 5_100_000)} is 470 calls of 4 us and 5 of
   * 5.1 ms.
   *
   * @param countThenNanos pairs of a count and the latency of each call it counts
   */
  public static Evidence.Latency runs(long... countThenNanos) {
    if (countThenNanos.length % 2 != 0) {
      throw new IllegalArgumentException("pairs of a count and a latency; was " + Arrays.toString(countThenNanos));
    }
    long[] perBucket = new long[Latencies.BUCKETS];
    long max = 0;
    for (int i = 0; i < countThenNanos.length; i += 2) {
      perBucket[Latencies.index(countThenNanos[i + 1])] += countThenNanos[i];
      max = countThenNanos[i] == 0 ? max : Math.max(max, countThenNanos[i + 1]);
    }
    return Latencies.fromDense(perBucket, max);
  }
}
