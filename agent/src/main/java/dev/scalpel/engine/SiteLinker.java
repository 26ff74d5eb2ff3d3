package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Knows which patch each generated site id belongs to, and hands the dispatcher's new call sites
 * to that patch. A site id the registry does not know (its patch is gone) stays inert. Whatever a
 * link throws, {@link Error}s included, fails the patch: its guards switch off and its calls run
 * the original code.
 */
final class SiteLinker implements Dispatcher.Linker {

  /** What the transformer recorded when it generated a prologue. */
  record Site(PatchRuntime patch, String methodDescriptor) {}

  private final Map<String, Site> sites = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /**
   * Records a new prologue of {@code patch} and returns its unique site id, which also names the
   * method ({@link Dispatcher#siteId}).
   */
  String register(PatchRuntime patch, boolean isStatic, String methodName, String methodDescriptor) {
    String id = Dispatcher.siteId(patch.id() + "/" + ids.incrementAndGet(), isStatic, methodName);
    sites.put(id, new Site(patch, methodDescriptor));
    return id;
  }

  /** Forgets every site of a patch: sites not yet linked stay inert. */
  void forget(PatchRuntime patch) {
    sites.values().removeIf(s -> s.patch() == patch);
  }

  /** Whether a site of {@code patch} is still registered, for tests. */
  boolean knows(PatchRuntime patch) {
    return sites.values().stream().anyMatch(s -> s.patch() == patch);
  }

  @Override
  public void link(Class<?> caller, String siteId, String kind, MutableCallSite site) {
    Site known = sites.get(siteId);
    if (known == null) {
      return;
    }
    try {
      attach(known, caller, kind, site);
    } catch (Throwable t) {
      known.patch().fail("cannot link for " + caller.getName() + ": " + t);
    }
  }

  private static void attach(Site known, Class<?> caller, String kind, MutableCallSite site) {
    if (Dispatcher.THROWN.equals(kind)) {
      known.patch().attachThrown(caller, site);
      return;
    }
    MethodType method;
    try {
      method = MethodType.fromMethodDescriptorString(known.methodDescriptor(), caller.getClassLoader());
    } catch (RuntimeException | LinkageError e) {
      known.patch().fail("cannot resolve the method type in " + caller.getName() + ": " + e);
      return;
    }
    int receivers = site.type().parameterCount() - method.parameterCount();
    if (Dispatcher.GUARD.equals(kind)) {
      known.patch().attachGuard(caller, site.type().changeReturnType(method.returnType()), receivers, site);
    } else {
      known.patch().attachAction(caller, receivers, site);
    }
  }
}
