package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class LatenciesTest {

  private static long[] samples(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      // From tens of nanoseconds to tens of milliseconds, most around a few microseconds.
      values[i] = (long) Math.exp(random.nextDouble(3, 17));
    }
    return values;
  }

  private static long exact(long[] sorted, double percent) {
    int rank = Math.max(1, (int) Math.ceil(percent / 100 * sorted.length));
    return sorted[rank - 1];
  }

  @Test
  void percentile_isTheSortedSample_atMostOneThirtySecondAbove() {
    long[] values = samples(10_000, 11);
    Evidence.Latency latency = Latencies.of(values);
    long[] sorted = values.clone();
    Arrays.sort(sorted);

    for (double p : new double[] {0, 1, 25, 50, 90, 99, 99.9, 100}) {
      long want = exact(sorted, p);
      assertThat(latency.percentile(p)).as("p%s of %s", p, want).isBetween(want, want + want / 32);
    }
    assertThat(latency.max()).isEqualTo(sorted[sorted.length - 1]);
    assertThat(latency.samples()).isEqualTo(10_000);
  }

  @Test
  void percentile_smallValues_areExact() {
    Evidence.Latency latency = Latencies.of(5, 1, 63, 7);

    assertThat(latency.percentile(50)).isEqualTo(5);
    assertThat(latency.percentile(100)).isEqualTo(63);
    assertThat(latency.percentile(0)).isEqualTo(1);
  }

  @Test
  void index_eachBucketHoldsFromAfterThePreviousHighestToItsOwn() {
    for (int i = 0; i < Latencies.BUCKETS - 1; i++) {
      long highest = Latencies.highest(i);
      assertThat(Latencies.index(highest)).as("bucket %s's highest", i).isEqualTo(i);
      assertThat(Latencies.index(highest + 1)).as("after bucket %s's highest", i).isEqualTo(i + 1);
    }
    assertThat(Latencies.index(Long.MAX_VALUE)).as("beyond the range").isEqualTo(Latencies.BUCKETS - 1);
    assertThat(Latencies.index(-5)).as("a negative latency").isZero();
  }

  @Test
  void plus_isTheHistogramOfBothSamples() {
    long[] a = samples(3_000, 1);
    long[] b = samples(5_000, 2);
    long[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);

    Evidence.Latency merged = Latencies.of(a).plus(Latencies.of(b));
    Evidence.Latency whole = Latencies.of(both);

    for (double p : new double[] {1, 50, 99, 100}) {
      assertThat(merged.percentile(p)).as("p%s", p).isEqualTo(whole.percentile(p));
    }
    assertThat(merged.samples()).isEqualTo(8_000);
    assertThat(merged.max()).isEqualTo(whole.max());
    assertThat(Evidence.Latency.NONE.plus(merged)).isSameAs(merged);
    assertThat(merged.plus(Evidence.Latency.NONE)).isSameAs(merged);
  }

  @Test
  void above_countsTheSamplesOfBucketsWhollyAboveTheValue() {
    long[] values = samples(10_000, 3);
    Evidence.Latency latency = Latencies.of(values);

    for (long threshold : new long[] {0, 63, 64, 1_000, 100_000, 5_000_000, Long.MAX_VALUE}) {
      long exact = java.util.Arrays.stream(values).filter(v -> v > threshold).count();
      long certain = java.util.Arrays.stream(values)
          .filter(v -> Latencies.lowest(Latencies.index(v)) > threshold).count();
      assertThat(latency.above(threshold)).as("above %d", threshold).isEqualTo(certain).isLessThanOrEqualTo(exact);
    }
    assertThat(Latencies.of(5, 1, 63, 7).above(6)).as("exact below 64 ns").isEqualTo(2);
    assertThat(Evidence.Latency.NONE.above(0)).isZero();
  }

  @Test
  void percentile_outOfRange_isRefused() {
    Evidence.Latency latency = Latencies.of(10, 20);
    Map<Double, String> cases = new LinkedHashMap<>();
    cases.put(-1.0, "a percentile is 0 to 100; was -1.0");
    cases.put(100.5, "a percentile is 0 to 100; was 100.5");
    cases.put(Double.NaN, "a percentile is 0 to 100; was NaN");
    for (Map.Entry<Double, String> c : cases.entrySet()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> latency.percentile(c.getKey()));
      assertThat(e).hasMessage(c.getValue());
    }
  }
}
