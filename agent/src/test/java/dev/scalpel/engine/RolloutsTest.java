package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class RolloutsTest {

  private static int murmur(String s) {
    return Rollouts.murmur3x86x32(s.getBytes(StandardCharsets.UTF_8), 0);
  }

  @Test
  void murmur3_knownVectors() {
    assertThat(murmur("")).isZero();
    assertThat(murmur("hello")).isEqualTo(0x248bfa47);
    assertThat(murmur("The quick brown fox jumps over the lazy dog")).isEqualTo(0x2e4ff723);
    assertThat(Rollouts.murmur3x86x32(new byte[0], 1)).isEqualTo(0x514e28b7);
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
}
