package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

final class CountingTest {

  private static boolean even(int key) {
    return key % 2 == 0;
  }

  @Test
  void guard_countsEachAnswerIntoItsCounter() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    MethodHandle guard = Counting.guard(MethodHandles.lookup().findStatic(CountingTest.class, "even",
        MethodType.methodType(boolean.class, int.class)), counters);
    for (int key = 0; key < 1_001; key++) {
      assertThat((boolean) guard.invokeExact(key)).isEqualTo(key % 2 == 0);
    }
    assertThat(counters.fixed().sum()).isEqualTo(501);
    assertThat(counters.original().sum()).isEqualTo(500);
  }
}
