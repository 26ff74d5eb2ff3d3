package dev.scalpel.agent.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;

/**
 * Defines a class in the bootstrap class loader from its bytes, through the JDK's internal
 * {@code jdk.internal.misc.Unsafe#defineClass}. This class is never loaded by the agent's own class
 * loader: the agent defines it in a throwaway loader of its own, whose unnamed module alone is
 * given access to {@code jdk.internal.misc}, so the application's code gains no access it did not
 * have. It depends on {@code java.*} only, which is all that loader sees.
 */
public final class BootDefiner implements BiFunction<String, byte[], Class<?>> {

  private final Object unsafe;
  private final Method define;

  /**
   * Finds the internal {@code Unsafe}.
   *
   * @throws ReflectiveOperationException if {@code jdk.internal.misc} is not exported to this class's module
   */
  public BootDefiner() throws ReflectiveOperationException {
    Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
    this.unsafe = type.getMethod("getUnsafe").invoke(null);
    this.define = type.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
        ClassLoader.class, ProtectionDomain.class);
  }

  /**
   * Defines the class {@code name} (binary name) from {@code bytes} in the bootstrap class loader.
   *
   * @throws IllegalStateException if the JVM refuses the class, with its reason as the cause
   */
  @Override
  public Class<?> apply(String name, byte[] bytes) {
    try {
      return (Class<?>) define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the JVM refused to define " + name + " in the bootstrap class loader: "
          + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot reach the JDK's class definition for " + name + ": " + e, e);
    }
  }
}
