package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

final class CountingTest {

  private static boolean even(int key) {
    return key % 2 == 0;
  }

  private static int failOnNegative(int key) {
    if (key < 0) {
      throw new IllegalArgumentException("negative key " + key);
    }
    return key;
  }

  private static String join(String... parts) {
    return String.join("+", parts);
  }

  /** Regression: a varargs action adapted to the erased type collected its array into itself (ClassCastException). */
  @Test
  void action_varargsFix_takesTheArrayAsItIs() throws Throwable {
    MethodHandle varargs = MethodHandles.lookup().findStatic(CountingTest.class, "join",
        MethodType.methodType(String.class, String[].class));
    assertThat(varargs.isVarargsCollector()).isTrue();
    MethodHandle action = Counting.action(varargs, Counting.Counters.create());
    assertThat((String) action.invokeExact(new String[] {"a", "b", "c"})).isEqualTo("a+b+c");
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

  @Test
  void action_countsOnlyItsExceptions() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    MethodHandle action = Counting.action(MethodHandles.lookup().findStatic(CountingTest.class, "failOnNegative",
        MethodType.methodType(int.class, int.class)), counters);
    assertThat((int) action.invokeExact(7)).isEqualTo(7);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      int ignored = (int) action.invokeExact(-1);
    });
    assertThat(e).hasMessage("negative key -1");
    assertThat(counters.fixedErrors().sum()).isEqualTo(1);
    assertThat(counters.fixed().sum()).as("the guard counts calls, not the action").isZero();
  }
}
