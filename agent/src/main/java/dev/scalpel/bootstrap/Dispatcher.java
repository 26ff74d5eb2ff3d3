package dev.scalpel.bootstrap;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bootstrap of every patched method's prologue. It lives in the bootstrap class loader, depends
 * on {@code java.*} only, and holds no patch logic: each call site it creates starts inert and is
 * handed to the agent's {@link Linker}, which sets its target now and whenever the patch switches.
 * An inert guard answers {@code false}, so the original body runs. An inert action, reached only
 * by a call that passed its guard before the guard switched off (a rollback), or when the action
 * could not be linked (the patch then fails and its guards switch off), calls the patched method
 * again: its guard, now off, sends the call to the original body.
 *
 * <p>Nothing here throws into the calling application thread: a missing or failing linker leaves
 * the site inert.
 */
public final class Dispatcher {

  /** The call site that decides whether a call takes the patch's action: {@code (args)Z}. */
  public static final String GUARD = "guard";
  /** The call site that performs the action: {@code (args)R}. */
  public static final String ACTION = "action";
  /**
   * The call site that sees each exception leaving the original body of a patched method that
   * counts its calls: {@code (Throwable)V}, then the prologue's handler rethrows the exception. Inert,
   * it does nothing.
   */
  public static final String THROWN = "thrown";
  /**
   * A site id's last part, after this separator, names the patched method: {@code s} (static) or
   * {@code i} (instance) followed by its name, as {@link #siteId} spells it.
   */
  private static final char METHOD_SEPARATOR = '/';
  // The action sites whose inert target is running on this thread: a second entry into the same
  // one means its guard is still on, and calling the method again would never end.
  // No lambda here: this class must not spin classes of its own.
  private static final ThreadLocal<Map<MutableCallSite, Boolean>> REENTERED = new ThreadLocal<>();
  // enter and leave, looked up when an inert action first needs them rather than when this class
  // initializes: most JVMs never need them, and a static method looked up in its class's own
  // initializer gets a handle that checks initialization, which spins a class.
  private static volatile MethodHandle[] reentry;

  /** Receives every call site the dispatcher creates. Implemented by the agent. */
  public interface Linker {
    /**
     * Takes ownership of a new call site: sets its target now or later. Must not throw.
     *
     * @param caller the class whose prologue holds the site
     * @param siteId the id the prologue was generated with
     * @param kind   {@link #GUARD}, {@link #ACTION} or {@link #THROWN}
     * @param site   the site, currently inert
     */
    void link(Class<?> caller, String siteId, String kind, MutableCallSite site);
  }

  private static volatile Linker linker;
  private static final ThreadLocal<List<Object[]>> LINKING = new ThreadLocal<>();

  private Dispatcher() {}

  /** Installs the agent's linker; sites created before this stay inert. */
  public static void install(Linker newLinker) {
    linker = newLinker;
  }

  /**
   * The {@code invokedynamic} bootstrap: {@code name} is {@link #GUARD}, {@link #ACTION} or {@link #THROWN}, the
   * single static argument is the site id.
   */
  public static CallSite bootstrap(MethodHandles.Lookup lookup, String name, MethodType type, String siteId) {
    MethodHandle inert = inert(type);
    MutableCallSite site = new MutableCallSite(inert);
    hand(lookup.lookupClass(), siteId, name, site);
    // Built only for an action the linker left inert (no linker, a patch gone or failed): a linked
    // action never falls back to it, and its combinators spin classes that a start-up pays for.
    if (ACTION.equals(name) && site.getTarget() == inert) {
      try {
        site.setTarget(callingTheMethod(lookup, site, siteId));
      } catch (Throwable t) {
        // Left with the default value: a bootstrap must not throw into the application.
      }
    }
    return site;
  }

  /**
   * A site id that {@link #bootstrap} can call the patched method back with.
   *
   * @param prefix     unique among the sites of the JVM, without {@code '/'} at its end
   * @param isStatic   whether the patched method is static
   * @param methodName the patched method's name
   */
  public static String siteId(String prefix, boolean isStatic, String methodName) {
    return prefix + METHOD_SEPARATOR + (isStatic ? 's' : 'i') + methodName;
  }

  /**
   * The inert target of an action site: the patched method itself, called as {@code invokespecial}
   * would from its own class, so that its guard decides again (and, being off, runs the original).
   * Entered twice on one thread, which only a guard still on can cause, it answers the default
   * value instead of recursing. If the method cannot be found, the default value.
   */
  private static MethodHandle callingTheMethod(MethodHandles.Lookup lookup, MutableCallSite site, String siteId) {
    MethodType type = site.type();
    int at = siteId.lastIndexOf(METHOD_SEPARATOR);
    if (at < 0 || at + 2 > siteId.length()) {
      return inert(type);
    }
    boolean isStatic = siteId.charAt(at + 1) == 's';
    String name = siteId.substring(at + 2);
    Class<?> owner = lookup.lookupClass();
    MethodHandle method;
    MethodHandle[] handles;
    try {
      method = isStatic ? lookup.findStatic(owner, name, type)
          : lookup.findSpecial(owner, name, type.dropParameterTypes(0, 1), owner).asType(type);
      handles = reentry();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return inert(type);
    }
    // Built on the erased type and converted back: combinators over a type that names an
    // application class can keep its class loader reachable after the application lets it go.
    MethodType erased = type.erase();
    // The cleanup of tryFinally takes the throwable, the result (if any) and the arguments, and
    // returns the result.
    MethodHandle leave = MethodHandles.insertArguments(handles[1], 0, site);
    Class<?> r = erased.returnType();
    MethodHandle cleanup = r == void.class
        ? MethodHandles.dropArguments(leave, 0, Throwable.class)
        : MethodHandles.foldArguments(MethodHandles.dropArguments(MethodHandles.identity(r), 0, Throwable.class), leave);
    MethodHandle once = MethodHandles.tryFinally(method.asType(erased),
        MethodHandles.dropArguments(cleanup, cleanup.type().parameterCount(), erased.parameterList()));
    MethodHandle enter = MethodHandles.dropArguments(MethodHandles.insertArguments(handles[0], 0, site), 0,
        erased.parameterList());
    return MethodHandles.guardWithTest(enter, once, inert(erased)).asType(type);
  }

  /** {@link #enter} and {@link #leave}, looked up on first use. */
  private static MethodHandle[] reentry() throws ReflectiveOperationException {
    MethodHandle[] handles = reentry;
    if (handles == null) {
      MethodHandles.Lookup own = MethodHandles.lookup();
      MethodType ofSite = MethodType.methodType(boolean.class, MutableCallSite.class);
      handles = new MethodHandle[] {own.findStatic(Dispatcher.class, "enter", ofSite),
          own.findStatic(Dispatcher.class, "leave", ofSite.changeReturnType(void.class))};
      reentry = handles;
    }
    return handles;
  }

  private static boolean enter(MutableCallSite site) {
    Map<MutableCallSite, Boolean> entered = REENTERED.get();
    if (entered == null) {
      entered = new IdentityHashMap<>();
      REENTERED.set(entered);
    }
    return entered.putIfAbsent(site, Boolean.TRUE) == null;
  }

  private static void leave(MutableCallSite site) {
    Map<MutableCallSite, Boolean> entered = REENTERED.get();
    if (entered != null) {
      entered.remove(site);
    }
  }

  /**
   * The inert target of a site type: {@code false} for a guard; for an action, a handle that
   * returns the default value, which no call reaches while the guard is inert.
   */
  public static MethodHandle inert(MethodType type) {
    Class<?> r = type.returnType();
    MethodHandle constant = r == void.class ? MethodHandles.empty(MethodType.methodType(void.class))
        : MethodHandles.zero(r);
    return MethodHandles.dropArguments(constant, 0, type.parameterList());
  }

  private static void hand(Class<?> caller, String siteId, String kind, MutableCallSite site) {
    Linker current = linker;
    if (current == null) {
      return;
    }
    // Linking runs agent code, which may call a patched JDK method whose sites link on this same
    // thread. A nested guard stays inert (the original runs) until the outer link is done; a
    // nested action links at once, because its guard already let a call through to it.
    List<Object[]> pending = LINKING.get();
    if (pending != null) {
      if (ACTION.equals(kind)) {
        safeLink(current, caller, siteId, kind, site);
      } else {
        pending.add(new Object[] {caller, siteId, kind, site});
      }
      return;
    }
    List<Object[]> queue = new ArrayList<>();
    LINKING.set(queue);
    try {
      safeLink(current, caller, siteId, kind, site);
      for (int i = 0; i < queue.size(); i++) {
        Object[] p = queue.get(i);
        safeLink(current, (Class<?>) p[0], (String) p[1], (String) p[2], (MutableCallSite) p[3]);
      }
    } finally {
      LINKING.remove();
    }
  }

  private static void safeLink(Linker current, Class<?> caller, String siteId, String kind, MutableCallSite site) {
    try {
      current.link(caller, siteId, kind, site);
    } catch (Throwable t) {
      // The linker reports its own failures; this only keeps the application thread safe.
    }
  }
}
