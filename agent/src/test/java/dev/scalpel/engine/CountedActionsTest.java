package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CountedActionsTest {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodType INT_INT = MethodType.methodType(int.class, int.class);

  /** A receiver of an application type, to see that the site's own types reach the action. */
  static final class Receiver {
    final String name;

    Receiver(String name) {
      this.name = name;
    }
  }

  private static final List<String> CALLS = new ArrayList<>();

  private static int failOnNegative(int key) {
    if (key < 0) {
      throw new IllegalArgumentException("negative key " + key);
    }
    return -key;
  }

  private static int originalFailOnNegative(int key) {
    if (key < 0) {
      throw new IllegalStateException("the original fails on " + key);
    }
    return key;
  }

  private static String join(String... parts) {
    return String.join("+", parts);
  }

  private static long wide(Receiver r, long a, double b, float c) {
    return r.name.length() + a + (long) b + (long) c;
  }

  private static double halve(double d) {
    return d / 2;
  }

  private static boolean flip(boolean b, char c, byte y, short s) {
    return !b && c == 'c' && y == 1 && s == 2;
  }

  private static Receiver rename(Receiver r, Object suffix) {
    return new Receiver(r.name + suffix);
  }

  private static void note(Receiver r, int n) {
    CALLS.add(r.name + n);
  }

  private static MethodHandle counted(String name, MethodType type, CallCounter errors, Sampler sampler)
      throws ReflectiveOperationException {
    return CountedActions.of(LOOKUP.findStatic(CountedActionsTest.class, name, type), null, type, errors, sampler);
  }

  /** Every kind of parameter and return slot: the written method passes each through unchanged. */
  @Test
  void of_eachKindOfSiteType_answersAsTheAction() throws Throwable {
    CallCounter errors = new CallCounter();
    Sampler sampler = new Sampler(Sampler.PERIOD);
    Receiver r = new Receiver("abc");

    MethodHandle wide = counted("wide", MethodType.methodType(long.class, Receiver.class, long.class, double.class,
        float.class), errors, sampler);
    assertThat((long) wide.invokeExact(r, 10L, 2.5d, 4.5f)).isEqualTo(3 + 10 + 2 + 4);
    MethodHandle halve = counted("halve", MethodType.methodType(double.class, double.class), errors, sampler);
    assertThat((double) halve.invokeExact(5d)).isEqualTo(2.5d);
    MethodHandle flip = counted("flip", MethodType.methodType(boolean.class, boolean.class, char.class, byte.class,
        short.class), errors, sampler);
    assertThat((boolean) flip.invokeExact(false, 'c', (byte) 1, (short) 2)).isTrue();
    MethodHandle rename = counted("rename", MethodType.methodType(Receiver.class, Receiver.class, Object.class),
        errors, sampler);
    assertThat(((Receiver) rename.invokeExact(r, (Object) 7)).name).isEqualTo("abc7");
    MethodHandle note = counted("note", MethodType.methodType(void.class, Receiver.class, int.class), errors, sampler);
    CALLS.clear();
    note.invokeExact(r, 5);
    assertThat(CALLS).containsExactly("abc5");
    assertThat(errors.sum()).isZero();
  }

  /** Regression: a varargs action adapted to the erased type collected its array into itself (ClassCastException). */
  @Test
  void of_varargsFix_takesTheArrayAsItIs() throws Throwable {
    MethodType type = MethodType.methodType(String.class, String[].class);
    MethodHandle varargs = LOOKUP.findStatic(CountedActionsTest.class, "join", type);
    assertThat(varargs.isVarargsCollector()).isTrue();
    MethodHandle action = CountedActions.of(varargs, null, type, new CallCounter(), new Sampler(Sampler.PERIOD));
    assertThat((String) action.invokeExact(new String[] {"a", "b", "c"})).isEqualTo("a+b+c");
  }

  @Test
  void of_actionThrows_countsEachExceptionAndRethrowsIt() throws Throwable {
    CallCounter errors = new CallCounter();
    MethodHandle action = counted("failOnNegative", INT_INT, errors, new Sampler(Sampler.PERIOD));
    assertThat((int) action.invokeExact(7)).isEqualTo(-7);
    for (int i = 1; i <= 3; i++) {
      int key = -i;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
        int ignored = (int) action.invokeExact(key);
      });
      assertThat(e).hasMessage("negative key " + key);
    }
    assertThat(errors.sum()).isEqualTo(3);
  }

  /** failOnNegative as the action, originalFailOnNegative as the original the sampler can call back. */
  private static MethodHandle failingWithOriginal(CallCounter errors, Sampler sampler)
      throws ReflectiveOperationException {
    return CountedActions.of(LOOKUP.findStatic(CountedActionsTest.class, "failOnNegative", INT_INT),
        LOOKUP.findStatic(CountedActionsTest.class, "originalFailOnNegative", INT_INT), INT_INT, errors, sampler);
  }

  /** A sample that times the action: its exception is counted once, and the call timed. */
  @Test
  void of_sampledActionThrows_countsItAndTimesTheCall() throws Throwable {
    CallCounter errors = new CallCounter();
    Sampler sampler = new Sampler(Sampler.PERIOD);
    MethodHandle action = failingWithOriginal(errors, sampler);

    assertThat(sampler.begin(true, true)).isTrue();
    assertThrows(IllegalArgumentException.class, () -> {
      int ignored = (int) action.invokeExact(-1);
    });

    assertThat(errors.sum()).isEqualTo(1);
    assertThat(sampler.drainFixed().samples()).isEqualTo(1);
    assertThat(sampler.drainOriginal().samples()).isZero();
    assertThat(Sampler.sampling(sampler)).as("the slot is free again").isFalse();
  }

  /**
   * A sample that times the original called back: the original's exception leaves through the
   * action site, but is the original's (its own prologue counts it), not the action's.
   */
  @Test
  void of_sampledOriginalThrows_isNotCountedAsTheActionsError() throws Throwable {
    CallCounter errors = new CallCounter();
    Sampler sampler = new Sampler(Sampler.PERIOD);
    MethodHandle action = failingWithOriginal(errors, sampler);

    assertThat(sampler.begin(false, true)).isTrue();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      int ignored = (int) action.invokeExact(-4);
    });

    assertThat(e).hasMessage("the original fails on -4");
    assertThat(errors.sum()).isZero();
    assertThat(sampler.drainOriginal().samples()).isEqualTo(1);
    assertThat(sampler.drainFixed().samples()).isZero();
    assertThat(Sampler.sampling(sampler)).as("the slot is free again").isFalse();
    assertThat((int) action.invokeExact(4)).as("the next call is not sampled").isEqualTo(-4);
    assertThat(sampler.drainFixed().samples()).isZero();
  }

  private static int other(int key) {
    if (key < 0) {
      throw new IllegalStateException("other " + key);
    }
    return key * 100;
  }

  /**
   * Sites of one signature share one written class, and each keeps its own action and counter:
   * what a site binds is its own.
   */
  @Test
  void of_twoSitesOfOneSignature_shareAClassKeepTheirOwnState() throws Throwable {
    CallCounter firstErrors = new CallCounter();
    CallCounter secondErrors = new CallCounter();
    MethodHandle first = counted("failOnNegative", INT_INT, firstErrors, new Sampler(Sampler.PERIOD));
    int classes = CountedActions.signatures();
    MethodHandle second = counted("other", INT_INT, secondErrors, new Sampler(Sampler.PERIOD));

    assertThat(CountedActions.signatures()).as("no class for a signature seen before").isEqualTo(classes);
    assertThat((int) first.invokeExact(3)).isEqualTo(-3);
    assertThat((int) second.invokeExact(3)).isEqualTo(300);
    assertThrows(IllegalArgumentException.class, () -> {
      int ignored = (int) first.invokeExact(-1);
    });
    assertThrows(IllegalStateException.class, () -> {
      int ignored = (int) second.invokeExact(-1);
    });
    assertThrows(IllegalStateException.class, () -> {
      int ignored = (int) second.invokeExact(-2);
    });
    assertThat(firstErrors.sum()).isEqualTo(1);
    assertThat(secondErrors.sum()).isEqualTo(2);
  }

  /** The written class names only JDK types: its loader need not see the application's classes. */
  @Test
  void write_erasedDescriptor_namesNoApplicationClass() {
    String descriptor = MethodType.methodType(Receiver.class, Receiver.class, int.class).erase()
        .toMethodDescriptorString();
    String text = new String(CountedActions.write(descriptor), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("CountedActionsTest").contains("(Ljava/lang/Object;I)Ljava/lang/Object;");
  }
}
