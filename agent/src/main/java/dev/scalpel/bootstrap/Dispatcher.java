package dev.scalpel.bootstrap;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;

/**
 * The bootstrap of every patched method's prologue. It lives on the bootstrap class path, depends
 * on {@code java.*} only, and holds no patch logic: each call site it creates starts inert (the
 * guard answers {@code false}, so the original body runs) and is handed to the agent's
 * {@link Linker}, which sets its target now and whenever the patch switches.
 *
 * <p>Nothing here throws into the calling application thread: a missing or failing linker leaves
 * the site inert.
 */
public final class Dispatcher {

  /** The call site that decides whether a call takes the patch's action: {@code (args)Z}. */
  public static final String GUARD = "guard";
  /** The call site that performs the action: {@code (args)R}. */
  public static final String ACTION = "action";

  /** Receives every call site the dispatcher creates. Implemented by the agent. */
  public interface Linker {
    /**
     * Takes ownership of a new call site: sets its target now or later. Must not throw.
     *
     * @param caller the class whose prologue holds the site
     * @param siteId the id the prologue was generated with
     * @param kind   {@link #GUARD} or {@link #ACTION}
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
   * The {@code invokedynamic} bootstrap: {@code name} is {@link #GUARD} or {@link #ACTION}, the
   * single static argument is the site id.
   */
  public static CallSite bootstrap(MethodHandles.Lookup lookup, String name, MethodType type, String siteId) {
    MutableCallSite site = new MutableCallSite(inert(type));
    hand(lookup.lookupClass(), siteId, name, site);
    return site;
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
