package dev.scalpel.bench.scale;

import dev.scalpel.bench.app.scale.ScaleTarget;
import dev.scalpel.bench.fixes.ScaleFixes;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Loads the scale targets and checks what each of them returns. */
final class ScaleTargets {

  /** How many targets the build made: {@code ScaleTarget} and its 999 copies. */
  static final int COUNT = 1000;
  static final int QUANTITY = 3;
  static final int UNIT_CENTS = 1999;

  private static final MethodType PRICE = MethodType.methodType(int.class, int.class, int.class);

  private ScaleTargets() {}

  /**
   * Loads and initializes targets {@code 0 .. count-1}, calls each once, and checks that the first
   * {@code fixed} of them return the fix's result and the rest the original's.
   *
   * @throws IllegalStateException naming the first target that returned the other result
   */
  static void loadAndCheck(int count, int fixed) {
    int original = unpatchedPrice();
    int repaired = ScaleFixes.price(QUANTITY, UNIT_CENTS);
    for (int i = 0; i < count; i++) {
      int actual = call(ScaleTarget.className(i));
      int expected = i < fixed ? repaired : original;
      if (actual != expected) {
        throw new IllegalStateException(ScaleTarget.className(i) + ".price returned " + actual + ", expected "
            + expected + (i < fixed ? ": its patch is not active" : ": it is patched but should not be"));
      }
    }
  }

  /** What every target returns without a patch: {@link ScaleTarget#price}'s body, never patched here. */
  static int unpatchedPrice() {
    int gross = QUANTITY * UNIT_CENTS;
    return gross - gross / 10;
  }

  private static int call(String className) {
    try {
      Class<?> type = Class.forName(className, true, ScaleTargets.class.getClassLoader());
      MethodHandle price = MethodHandles.publicLookup().findStatic(type, "price", PRICE);
      return (int) price.invokeExact(QUANTITY, UNIT_CENTS);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot call " + className + ".price: " + e, e);
    }
  }
}
