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
}
