package dev.scalpel.bench.peer;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer agent's registry of fixes by target, read by the inlined advice on every call. Public
 * because the advice runs inside the patched class.
 */
public final class PeerRegistry {

  /** The key of {@code PriceCalculator#total(Order, int)}. */
  public static final String TOTAL = "dev.scalpel.bench.app.PriceCalculator#total(dev.scalpel.bench.app.Order,int)";
  /** Fixes as method handles, by target. */
  public static final ConcurrentHashMap<String, MethodHandle> HANDLES = new ConcurrentHashMap<>();
  /** Fixes as reflective methods, by target. */
  public static final ConcurrentHashMap<String, Method> METHODS = new ConcurrentHashMap<>();

  private PeerRegistry() {}
}
