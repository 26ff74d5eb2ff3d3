package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RolloutsTest {

  /**
   * Guards the hash against MurmurHash3 x86_32's published verification vectors, each confirmed
   * with an independent implementation (the npm package murmurhash3js-revisited 3.0.0).
   */
  @Test
  void murmur3_publishedVectors() {
    Object[][] vectors = {
        {"", 0, 0},
        {"", 1, 0x514E28B7},
        {"", 0xffffffff, 0x81F16F39},
        {"\0\0\0\0", 0, 0x2362F9DE},
        {"aaaa", 0x9747b28c, 0x5A97808A},
        {"Hello, world!", 0x9747b28c, 0x24884CBA},
        {"The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2FA826CD},
        {"hello", 0, 0x248bfa47},
        {"The quick brown fox jumps over the lazy dog", 0, 0x2e4ff723},
    };
    for (Object[] v : vectors) {
      byte[] data = ((String) v[0]).getBytes(StandardCharsets.UTF_8);
      assertThat(Rollouts.murmur3x86x32(data, (int) v[1]))
          .as("murmur3_x86_32(\"%s\", 0x%x)", v[0], v[1])
          .isEqualTo((int) v[2]);
    }
  }

  /**
   * Guards the sticky bucket against Unleash's reference values, which every Unleash client tests:
   * {@code getNormalizedNumber("123", "gr1") == 73} and {@code ("999", "groupX") == 25}; in
   * Scalpel's terms the group is the patch id and the identifier the key.
   */
  @Test
  void bucket_matchesUnleashsNormalizedNumber() {
    assertThat(Rollouts.bucket("gr1", "123")).isEqualTo(73);
    assertThat(Rollouts.bucket("groupX", "999")).isEqualTo(25);
  }

  @Test
  void bucket_isOneToHundred_andStable() {
    for (int i = 0; i < 1000; i++) {
      int b = Rollouts.bucket("P", "key" + i);
      assertThat(b).isBetween(1, 100);
      assertThat(Rollouts.bucket("P", "key" + i)).isEqualTo(b);
    }
  }

  @Test
  void sticky_raisingTheRolloutOnlyAddsKeys() throws Throwable {
    MethodType guard = MethodType.methodType(boolean.class, Object.class, String.class, int.class);
    MethodHandle at10 = Rollouts.gate("P-1", 1000, 1, guard);
    MethodHandle at50 = Rollouts.gate("P-1", 5000, 1, guard);
    int in10 = 0;
    int in50 = 0;
    for (int i = 0; i < 2000; i++) {
      String key = "user-" + i;
      boolean a = (boolean) at10.invokeExact((Object) null, key, 0);
      boolean b = (boolean) at50.invokeExact((Object) null, key, 0);
      assertThat(!a || b).as(key).isTrue();
      assertThat(a).isEqualTo(Rollouts.bucket("P-1", key) <= 10);
      in10 += a ? 1 : 0;
      in50 += b ? 1 : 0;
    }
    assertThat(in10).isBetween(100, 300);
    assertThat(in50).isBetween(850, 1150);
    assertThat((boolean) at50.invokeExact((Object) null, (String) null, 0)).isFalse();
  }

  @Test
  void sticky_primitiveKey_usesItsDecimalText() throws Throwable {
    MethodType guard = MethodType.methodType(boolean.class, int.class);
    MethodHandle gate = Rollouts.gate("P-2", 5000, 0, guard);
    for (int i = 0; i < 100; i++) {
      assertThat((boolean) gate.invokeExact(i)).isEqualTo(Rollouts.bucket("P-2", Integer.toString(i)) <= 50);
    }
  }

  @Test
  void sample_zeroAndFull() throws Throwable {
    MethodType guard = MethodType.methodType(boolean.class, int.class);
    MethodHandle none = Rollouts.gate("P", 0, -1, guard);
    MethodHandle all = Rollouts.gate("P", 10_000, -1, guard);
    for (int i = 0; i < 100; i++) {
      assertThat((boolean) none.invokeExact(i)).isFalse();
      assertThat((boolean) all.invokeExact(i)).isTrue();
    }
  }

  /**
   * Guards that a 30% rollout without a sticky key sends about 30% of calls to the action. Over
   * 100,000 independent draws the count's standard deviation is about 145; the bound is six of
   * them either side (a false alarm about once in 500 million runs).
   */
  @Test
  void sample_thirtyPercent_takesAboutThirtyPercent() throws Throwable {
    MethodHandle gate = Rollouts.gate("P", 3000, -1, MethodType.methodType(boolean.class, int.class));
    int draws = 100_000;
    int taken = 0;
    for (int i = 0; i < draws; i++) {
      taken += (boolean) gate.invokeExact(i) ? 1 : 0;
    }
    double sigma = Math.sqrt(draws * 0.3 * 0.7);
    assertThat((double) taken).isBetween(draws * 0.3 - 6 * sigma, draws * 0.3 + 6 * sigma);
  }

  /** Guards that a sticky 30% rollout takes exactly the keys whose bucket is at most 30, about 30% of them. */
  @Test
  void sticky_thirtyPercent_takesTheKeysUpToBucketThirty() throws Throwable {
    MethodHandle gate = Rollouts.gate("P-30", 3000, 0, MethodType.methodType(boolean.class, String.class));
    int keys = 20_000;
    int taken = 0;
    for (int i = 0; i < keys; i++) {
      String key = "customer-" + i;
      boolean takes = (boolean) gate.invokeExact(key);
      assertThat(takes).as(key).isEqualTo(Rollouts.bucket("P-30", key) <= 30);
      taken += takes ? 1 : 0;
    }
    double sigma = Math.sqrt(keys * 0.3 * 0.7);
    assertThat((double) taken).isBetween(keys * 0.3 - 6 * sigma, keys * 0.3 + 6 * sigma);
  }

  @Test
  void threshold_exactShares() {
    assertThat(Rollouts.threshold(0)).isZero();
    assertThat(Rollouts.threshold(5_000)).isEqualTo(1L << 31);
    assertThat(Rollouts.threshold(10_000)).isEqualTo(1L << 32);
    assertThat(Rollouts.threshold(1)).isEqualTo((1L << 32) / 10_000);
  }

  @Test
  void threshold_outOfRange_refused() {
    Map<Integer, String> refused = Map.of(
        -1, "a rollout is 0 to 10,000 basis points; was -1",
        10_001, "a rollout is 0 to 10,000 basis points; was 10001");
    refused.forEach((basisPoints, message) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rollouts.threshold(basisPoints));
      assertThat(e).as("%d basis points", basisPoints).hasMessage(message);
    });
  }

  /**
   * Guards the per-call draw: over a million calls the share that takes the action, and the share
   * of two calls in a row that both do, are those of independent draws. The bounds are ten
   * standard deviations (about 5,000 and 5,600 calls at 50%), which no fair draw misses.
   */
  @Test
  void sample_sharesOfIndependentDraws() throws Throwable {
    MethodType guard = MethodType.methodType(boolean.class, int.class);
    int calls = 1_000_000;
    for (int basisPoints : new int[] {5_000, 1_000, 9_999}) {
      MethodHandle gate = Rollouts.gate("P", basisPoints, -1, guard);
      double p = basisPoints / 10_000.0;
      int taken = 0;
      int takenTwice = 0;
      boolean previous = false;
      for (int i = 0; i < calls; i++) {
        boolean now = (boolean) gate.invokeExact(i);
        taken += now ? 1 : 0;
        takenTwice += now && previous ? 1 : 0;
        previous = now;
      }
      assertThat((double) taken).as("calls taken at %d basis points", basisPoints)
          .isCloseTo(p * calls, offset(10 * Math.sqrt(calls * p * (1 - p)) + 1));
      // Overlapping pairs are not independent of each other: their count's variance is
      // n (p^2 (1 - p^2) + 2 p^3 (1 - p)).
      assertThat((double) takenTwice).as("pairs taken at %d basis points", basisPoints)
          .isCloseTo(p * p * calls, offset(10 * Math.sqrt(calls * (p * p * (1 - p * p) + 2 * p * p * p * (1 - p))) + 1));
    }
  }
}
