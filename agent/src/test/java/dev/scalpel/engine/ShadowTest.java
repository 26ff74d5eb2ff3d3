package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

final class ShadowTest {

  private static final MethodType TYPE = MethodType.methodType(int.class, int.class);

  private static int original(int x) {
    return x;
  }

  private static int differs(int x) {
    return x + 1;
  }

  /**
   * Regression: a steady stream of mismatches formatted a sample's text on every call (most of the
   * 1.8 KB a shadow call allocated); now the first samples stay and a newer one replaces the oldest
   * at most once a second.
   */
  @Test
  void mismatches_manyInOneSecond_keepTheFirstSamplesAndCountAll() throws Throwable {
    Shadow shadow = new Shadow("S-1", null);
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    MethodHandle action = shadow.action(lookup.findStatic(ShadowTest.class, "original", TYPE),
        lookup.findStatic(ShadowTest.class, "differs", TYPE), TYPE);

    for (int x = 0; x < 100; x++) {
      assertThat((int) action.invokeExact(x)).as("the original answers").isEqualTo(x);
    }

    assertThat(shadow.mismatches()).isEqualTo(100);
    assertThat(shadow.samples()).hasSize(Shadow.SAMPLES)
        .startsWith("args=[0] original=0 fix=1")
        .endsWith("args=[9] original=9 fix=10");
  }

  private static int slow(int x) throws InterruptedException {
    Thread.sleep(2);
    return x;
  }

  /**
   * Both runs of each shadowed call are timed into the patch's two paths, so that a latency rule
   * can judge a fix in the shadow.
   */
  @Test
  void action_countingPatch_timesTheOriginalAndTheFixOnEachCall() throws Throwable {
    Shadow shadow = new Shadow("S-1", new CallCounter());
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    MethodHandle action = shadow.action(lookup.findStatic(ShadowTest.class, "original", TYPE),
        lookup.findStatic(ShadowTest.class, "slow", TYPE), TYPE);

    for (int x = 0; x < 20; x++) {
      assertThat((int) action.invokeExact(x)).isEqualTo(x);
    }

    Evidence.Latency fixed = shadow.drainFixed();
    Evidence.Latency original = shadow.drainOriginal();
    assertThat(fixed.samples()).isEqualTo(20);
    assertThat(original.samples()).isEqualTo(20);
    assertThat(fixed.percentile(50)).as("each fix run sleeps 2 ms").isGreaterThanOrEqualTo(2_000_000);
    assertThat(original.max()).isPositive();
    assertThat(shadow.drainFixed().samples()).as("drained").isZero();
  }

  /** A patch without counters times nothing in the shadow either. */
  @Test
  void action_patchWithoutCounters_timesNothing() throws Throwable {
    Shadow shadow = new Shadow("S-1", null);
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    MethodHandle action = shadow.action(lookup.findStatic(ShadowTest.class, "original", TYPE),
        lookup.findStatic(ShadowTest.class, "differs", TYPE), TYPE);
    int ignored = (int) action.invokeExact(1);
    assertThat(shadow.drainFixed().samples()).isZero();
    assertThat(shadow.drainOriginal().samples()).isZero();
  }
}
