package dev.scalpel.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether a thread is virtual, on any JDK the agent runs on: {@code Thread.isVirtual} where it
 * exists (JDK 21 and later), called through a constant handle that inlines, and false before it.
 */
final class VirtualThreads {

  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  private VirtualThreads() {}

  /** Whether {@code thread} is a virtual thread; always false on a JDK without them. */
  static boolean isVirtual(Thread thread) {
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable t) {
      throw new IllegalStateException("Thread.isVirtual failed for " + thread, t);
    }
  }

  private static MethodHandle isVirtualHandle() {
    MethodType type = MethodType.methodType(boolean.class);
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", type);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      // A JDK before 21: no thread is virtual.
      return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
    }
  }
}
