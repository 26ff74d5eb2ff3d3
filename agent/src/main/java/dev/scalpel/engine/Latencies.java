package dev.scalpel.engine;

import java.util.Arrays;

/**
 * Sampled latencies as an immutable log-linear histogram: values below 64 ns have a bucket each,
 * and every power of two above is split into 32 buckets, so a percentile is reported at most 1/32
 * (3.1%) above the sample it stands for, never below it. Values from 2^40 ns (about 18 minutes) up
 * share the last bucket; {@link #max()} is exact.
 *
 * <p>Only the buckets that hold samples are kept, sorted: an interval of a quiet path costs a few
 * words, and {@link #plus} is a merge of two sorted arrays, cheap enough to sum a window of 60
 * ticks once per second per patch. The agent's own histogram rather than a shaded HdrHistogram:
 * three small classes instead of a library's dozens, and no copy of a fixed-size counts array per
 * tick.
 */
final class Latencies implements Evidence.Latency {

  /** Sub-buckets per power of two, as bits: 32 buckets, a relative width of 1/32. */
  static final int SUB_BITS = 5;
  private static final int SUB = 1 << SUB_BITS;
  /** The largest value with a bucket of its own is below 2^this. */
  private static final int TOP_EXPONENT = 40;
  /** How many buckets the histogram has. */
  static final int BUCKETS = (TOP_EXPONENT - SUB_BITS + 1) * SUB;

  private final int[] buckets;
  private final long[] counts;
  private final long samples;
  private final long max;

  /**
   * @param buckets indices of buckets with samples, ascending
   * @param counts  the samples of each, positive
   * @param max     the longest sample
   */
  Latencies(int[] buckets, long[] counts, long max) {
    this.buckets = buckets;
    this.counts = counts;
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    this.samples = n;
    this.max = max;
  }

  /** The latencies of exactly these samples, in nanoseconds: for tests and tools. */
  static Evidence.Latency of(long... nanos) {
    if (nanos.length == 0) {
      return Evidence.Latency.NONE;
    }
    long[] perBucket = new long[BUCKETS];
    long max = 0;
    for (long v : nanos) {
      perBucket[index(v)]++;
      max = Math.max(max, v);
    }
    return fromDense(perBucket, max);
  }

  /** The latencies held by a dense array of per-bucket counts, or {@link Evidence.Latency#NONE} if all are 0. */
  static Evidence.Latency fromDense(long[] perBucket, long max) {
    int used = 0;
    for (long c : perBucket) {
      if (c != 0) {
        used++;
      }
    }
    if (used == 0) {
      return Evidence.Latency.NONE;
    }
    int[] b = new int[used];
    long[] c = new long[used];
    int k = 0;
    for (int i = 0; i < perBucket.length; i++) {
      if (perBucket[i] != 0) {
        b[k] = i;
        c[k++] = perBucket[i];
      }
    }
    return new Latencies(b, c, max);
  }

  /** The bucket of a latency in nanoseconds; a negative latency (a clock step) counts as 0. */
  static int index(long nanos) {
    long v = Math.min(Math.max(nanos, 0), (1L << TOP_EXPONENT) - 1);
    if (v < 2 * SUB) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    return (exponent - SUB_BITS) * SUB + (int) (v >>> (exponent - SUB_BITS));
  }

  /** The largest latency that falls into bucket {@code index}. */
  static long highest(int index) {
    if (index < 2 * SUB) {
      return index;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    long sub = index % SUB + SUB;
    return ((sub + 1) << (exponent - SUB_BITS)) - 1;
  }

  /** The smallest latency that falls into bucket {@code index}. */
  static long lowest(int index) {
    return index == 0 ? 0 : highest(index - 1) + 1;
  }

  @Override
  public long samples() {
    return samples;
  }

  /**
   * The smallest bucket bound at or below which {@code percent} of the samples lie, at most
   * {@link #max()}: at most 1/32 above the exact percentile of the samples.
   */
  @Override
  public long percentile(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("a percentile is 0 to 100; was " + percent);
    }
    long rank = Math.max(1, (long) Math.ceil(percent / 100 * samples));
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(highest(buckets[i]), max);
      }
    }
    return max;
  }

  @Override
  public long max() {
    return max;
  }

  @Override
  public long above(long nanos) {
    long n = 0;
    for (int i = buckets.length - 1; i >= 0 && lowest(buckets[i]) > nanos; i--) {
      n += counts[i];
    }
    return n;
  }

  /**
   * These samples and {@code later}'s as one.
   *
   * @throws IllegalArgumentException if {@code later} holds samples of another kind of histogram
   */
  @Override
  public Evidence.Latency plus(Evidence.Latency later) {
    if (later.samples() == 0) {
      return this;
    }
    if (!(later instanceof Latencies other)) {
      throw new IllegalArgumentException("cannot merge latencies of " + later.getClass().getName()
          + " into the agent's histogram");
    }
    int[] b = new int[buckets.length + other.buckets.length];
    long[] c = new long[b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < buckets.length || j < other.buckets.length) {
      int next = j == other.buckets.length || i < buckets.length && buckets[i] <= other.buckets[j]
          ? buckets[i] : other.buckets[j];
      long count = 0;
      if (i < buckets.length && buckets[i] == next) {
        count += counts[i++];
      }
      if (j < other.buckets.length && other.buckets[j] == next) {
        count += other.counts[j++];
      }
      b[k] = next;
      c[k++] = count;
    }
    return new Latencies(Arrays.copyOf(b, k), Arrays.copyOf(c, k), Math.max(max, other.max));
  }

  @Override
  public String toString() {
    return "p50=" + percentile(50) + "ns p99=" + percentile(99) + "ns max=" + max + "ns samples=" + samples;
  }
}
