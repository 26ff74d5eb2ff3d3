package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import dev.scalpel.dsl.Mode;
import dev.scalpel.dsl.Patch;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One patch of the running manifest: its call sites in every class that holds its prologue, and
 * the switch that points their guards at the action or back at the original code.
 *
 * <p>All state changes are under this object's lock; calls through the sites never take it.
 */
final class PatchRuntime {

  /** What a patch is doing now, as {@code status} names it. */
  enum State {
    ACTIVE, PENDING, DISABLED, EXPIRED, FAILED, ROLLED_BACK;

    String spelling() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Patch patch;
  private final FixJar jar;
  private final Reporter reporter;
  private final Map<ClassLoader, ClassLoader> fixLoaders = new WeakHashMap<>();
  private ClassLoader bootFixLoader;
  private final Map<MutableCallSite, MethodHandle> guards = new WeakHashMap<>();
  private final java.util.Set<String> installedIn = new java.util.LinkedHashSet<>();
  private boolean on;
  private boolean rolledBack;
  private String failure;

  /**
   * @param patch    the patch as declared
   * @param jar      its verified patch jar, or null if it has none
   * @param reporter where activation and failures are reported
   */
  PatchRuntime(Patch patch, FixJar jar, Reporter reporter) {
    this.patch = patch;
    this.jar = jar;
    this.reporter = reporter;
  }

  Patch patch() {
    return patch;
  }

  String id() {
    return patch.id();
  }

  /** The state {@code status} reports. */
  synchronized State state() {
    if (rolledBack) {
      return State.ROLLED_BACK;
    }
    if (failure != null) {
      return State.FAILED;
    }
    if (patch.mode() == Mode.DISABLED) {
      return State.DISABLED;
    }
    if (isExpired(java.time.Instant.now())) {
      return State.EXPIRED;
    }
    return installedIn.isEmpty() ? State.PENDING : State.ACTIVE;
  }

  /** Whether the patch's {@code expires} instant is before {@code now}. */
  boolean isExpired(java.time.Instant now) {
    return patch.governance().expires().map(now::isAfter).orElse(false);
  }

  /** Whether the patch needs its prologue installed: it is neither disabled nor expired. */
  boolean wantsPrologue(java.time.Instant now) {
    return patch.mode() != Mode.DISABLED && !isExpired(now);
  }

  /** Why the patch failed, or null. */
  synchronized String failure() {
    return failure;
  }

  /** Records that a class now holds this patch's prologue. */
  synchronized void installed(String className, ClassLoader loader) {
    String where = className + " in " + (loader == null ? "the bootstrap loader"
        : loader.getName() != null ? "loader " + loader.getName() : loader.getClass().getName());
    if (installedIn.add(where)) {
      reporter.info("patch '" + patch.id() + "' " + state().spelling() + " in " + where);
    }
  }

  /** Records that this patch cannot apply, reports it once, and turns every guard off. */
  synchronized void fail(String problem) {
    if (failure == null) {
      failure = problem;
      reporter.error("patch '" + patch.id() + "': " + problem);
    }
    switchTo(false);
  }

  /** Adopts a new guard site of a class: links the patch for it and sets the site to the current switch. */
  synchronized void attachGuard(Class<?> caller, MethodType actionType, MutableCallSite site) {
    try {
      MethodHandle active = ActionLinker.link(patch, fixLoader(caller), jar != null && jar.callsOriginal(),
          caller, actionType).activeGuard();
      guards.put(site, active);
      if (on && failure == null) {
        site.setTarget(active);
        MutableCallSite.syncAll(new MutableCallSite[] {site});
      }
    } catch (RuntimeException | LinkageError e) {
      fail("cannot link for " + caller.getName() + ": " + e.getMessage());
    }
  }

  /** Adopts a new action site of a class. */
  synchronized void attachAction(Class<?> caller, MutableCallSite site) {
    try {
      site.setTarget(ActionLinker.link(patch, fixLoader(caller), false, caller, site.type()).action());
    } catch (RuntimeException | LinkageError e) {
      fail("cannot link for " + caller.getName() + ": " + e.getMessage());
    }
  }

  /** Points every guard at the action ({@code true}) or at the original code, visible to all threads on return. */
  synchronized void switchTo(boolean active) {
    on = active && failure == null && !rolledBack;
    List<MutableCallSite> changed = new ArrayList<>(guards.size());
    for (Map.Entry<MutableCallSite, MethodHandle> e : guards.entrySet()) {
      MutableCallSite site = e.getKey();
      site.setTarget(on ? e.getValue() : Dispatcher.inert(site.type()));
      changed.add(site);
    }
    if (!changed.isEmpty()) {
      MutableCallSite.syncAll(changed.toArray(new MutableCallSite[0]));
    }
  }

  /** Turns every guard off for good and drops the links to the fix, so its loader can be collected. */
  synchronized void rollBack() {
    switchTo(false);
    rolledBack = true;
    guards.clear();
    fixLoaders.clear();
    bootFixLoader = null;
  }

  private ClassLoader fixLoader(Class<?> caller) {
    if (jar == null) {
      return null;
    }
    ClassLoader target = caller.getClassLoader();
    if (target == null) {
      if (bootFixLoader == null) {
        bootFixLoader = jar.newLoader(null);
      }
      return bootFixLoader;
    }
    return fixLoaders.computeIfAbsent(target, jar::newLoader);
  }
}
