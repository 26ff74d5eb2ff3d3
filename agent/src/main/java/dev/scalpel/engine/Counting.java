package dev.scalpel.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Wraps a patch's handles so that they count what they do: calls that took the action, calls the
 * guard sent to the original code, and exceptions out of the action. Only an active patch's handles
 * are wrapped; an inert guard counts nothing and costs nothing.
 */
final class Counting {

  private static final MethodHandle INCREMENT;
  private static final MethodHandle COUNT_IF_FALSE;
  private static final MethodHandle COUNT_THROWN;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      INCREMENT = lookup.findVirtual(CallCounter.class, "increment", MethodType.methodType(void.class));
      COUNT_IF_FALSE = lookup.findStatic(Counting.class, "countIfFalse",
          MethodType.methodType(boolean.class, CallCounter.class, boolean.class));
      COUNT_THROWN = lookup.findStatic(Counting.class, "countThrown",
          MethodType.methodType(Throwable.class, CallCounter.class, Throwable.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Counting() {}

  /** The counters of one patch. */
  record Counters(CallCounter fixed, CallCounter original, CallCounter fixedErrors, CallCounter guardErrors) {
    static Counters create() {
      return new Counters(new CallCounter(), new CallCounter(), new CallCounter(), new CallCounter());
    }
  }

  private static boolean countIfFalse(CallCounter original, boolean takesAction) {
    if (!takesAction) {
      original.increment();
    }
    return takesAction;
  }

  private static Throwable countThrown(CallCounter errors, Throwable t) {
    errors.increment();
    return t;
  }

  /** The action, counting each call into {@code fixed} and each exception out of it into {@code fixedErrors}. */
  static MethodHandle action(MethodHandle action, Counters counters) {
    MethodType type = action.type();
    MethodHandle count = MethodHandles.dropArguments(INCREMENT.bindTo(counters.fixed()), 0, type.parameterList());
    MethodHandle counted = MethodHandles.foldArguments(action, count);
    MethodHandle rethrow = MethodHandles.filterArguments(
        MethodHandles.throwException(type.returnType(), Throwable.class), 0, COUNT_THROWN.bindTo(counters.fixedErrors()));
    return catching(counted, MethodHandles.dropArguments(rethrow, 1, type.parameterList()));
  }

  /**
   * {@code MethodHandles.catchException(target, Throwable.class, handler)}, built on the erased
   * type and converted back. On JDK 17 a guard-with-catch over a type that names an application
   * class kept that class's loader reachable after the application let go of it (a test shows it
   * with a discarded loader): built on {@code Object} and primitives, the combinator sees only
   * JDK types, and the conversion back lives in the handle itself.
   */
  static MethodHandle catching(MethodHandle target, MethodHandle handler) {
    MethodType type = target.type();
    MethodHandle erasedHandler = handler.asType(handler.type().erase().changeParameterType(0, Throwable.class));
    return MethodHandles.catchException(target.asType(type.erase()), Throwable.class, erasedHandler).asType(type);
  }

  /** The guard, counting each call it sends to the original code into {@code original}. */
  static MethodHandle guard(MethodHandle guard, Counters counters) {
    return MethodHandles.filterReturnValue(guard, COUNT_IF_FALSE.bindTo(counters.original()));
  }
}
