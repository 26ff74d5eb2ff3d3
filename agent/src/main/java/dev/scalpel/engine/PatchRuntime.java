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
    ACTIVE, PENDING, SHADOW, DISABLED, EXPIRED, FAILED, ROLLED_BACK, TRIPPED;

    String spelling() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Patch patch;
  private final FixJar jar;
  private final Reporter reporter;
  private final Counting.Counters counters;
  private final Shadow shadow;
  private final Sampler sampler;
  private final Evidence evidence;
  private final EvidenceWindow window;
  private final KillSwitch.Current killSwitch;
  // What the patch links in each target class: the class's fix loader and its guard sites with
  // their active handles. It is kept in the class itself (a ClassValue), not in a map here: every
  // fix loader's parent is the target's loader, and a guard leads to its class, so a map from the
  // class, its loader or its sites to them would keep a class loader the application discards
  // (a redeploy) alive for as long as the patch stays in force. The set of classes is weak.
  private final ClassValue<Linked> linked = new ClassValue<>() {
    @Override
    protected Linked computeValue(Class<?> type) {
      return new Linked();
    }
  };
  private final Map<Class<?>, Boolean> linkedClasses = new WeakHashMap<>();
  private final java.util.Set<String> installedIn = new java.util.LinkedHashSet<>();
  private boolean on;
  private State retired;
  private String failure;
  // The safety net's part, guarded by this object's lock: the rollout the guards use now (the
  // declared one, or the progress step reached), the index of that step, since when the patch has
  // been in force on it, and the rule that tripped.
  private dev.scalpel.dsl.Rollout rollout;
  private int step;
  private java.time.Instant stepSince;
  private String tripped;

  /**
   * @param patch    the patch as declared
   * @param jar      its verified patch jar, or null if it has none
   * @param reporter where activation and failures are reported
   * @param counting   whether the patch's calls are counted
   * @param killSwitch the switch its active guards go behind
   */
  PatchRuntime(Patch patch, FixJar jar, Reporter reporter, boolean counting, KillSwitch.Current killSwitch) {
    this.patch = patch;
    this.killSwitch = killSwitch;
    this.jar = jar;
    this.reporter = reporter;
    this.counters = counting ? Counting.Counters.create() : null;
    this.shadow = patch.mode() == Mode.SHADOW
        ? new Shadow(patch.id(), counting ? counters.fixedErrors() : null) : null;
    // Shadow mode times both runs of every call the guard lets through: it needs no sampler.
    this.sampler = counting && shadow == null ? new Sampler(samplingPeriod(patch)) : null;
    this.evidence = counting ? new PatchEvidence(counters, shadow != null ? shadow : sampler) : Evidence.NONE;
    this.window = new EvidenceWindow(evidence, Math.max(WINDOW_TICKS, windowTicks(patch)));
    this.rollout = patch.rollout();
  }

  /**
   * One call in how many per thread and path the patch's sampler times: denser for a patch with a
   * {@code maxLatency} rule, which needs enough timed calls in its window (see {@link Sampler}).
   */
  static int samplingPeriod(Patch patch) {
    // Plain calls rather than Optional chains: this runs per patch while the agent starts.
    return patch.autoRollback().isPresent() && patch.autoRollback().get().maxLatency().isPresent()
        ? Sampler.LATENCY_RULE_PERIOD : Sampler.PERIOD;
  }

  /** The ticks of evidence the patch's {@code autoRollback} judges: its window in seconds, or none without rules. */
  static int windowTicks(Patch patch) {
    return patch.autoRollback().isPresent() ? patch.autoRollback().get().windowSeconds() : 0;
  }

  /** The ticks of a patch's evidence window: 60 ticks of one second, the default window of the contract. */
  static final int WINDOW_TICKS = 60;

  /**
   * Whether the patch counts its calls: its prologue then also counts the exceptions leaving the
   * original body ({@link #attachThrown}).
   */
  boolean counts() {
    return counters != null;
  }

  /** The patch's recent evidence, one interval per tick of the agent's clock. */
  EvidenceWindow window() {
    return window;
  }

  /** What the patch's calls show on its two paths; {@link Evidence#NONE} when calls are not counted. */
  Evidence evidence() {
    return evidence;
  }

  Patch patch() {
    return patch;
  }

  String id() {
    return patch.id();
  }

  /** The state {@code status} reports. */
  synchronized State state() {
    if (retired != null) {
      return retired;
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
    if (installedIn.isEmpty()) {
      return State.PENDING;
    }
    return shadow != null ? State.SHADOW : State.ACTIVE;
  }

  /** Whether the patch's {@code expires} instant is before {@code now}. */
  boolean isExpired(java.time.Instant now) {
    return patch.governance().expires().isPresent() && now.isAfter(patch.governance().expires().get());
  }

  /** Whether the patch needs its prologue installed: it is neither disabled nor expired. */
  synchronized boolean wantsPrologue(java.time.Instant now) {
    return retired == null && patch.mode() != Mode.DISABLED && !isExpired(now);
  }

  /** What {@code status} shows of the patch now. */
  PatchStatus status() {
    return status(type -> false);
  }

  /**
   * What {@code status} shows of the patch now.
   *
   * @param outermost whether a class holds its prologue outside other agents' instrumentation
   */
  PatchStatus status(java.util.function.Predicate<Class<?>> outermost) {
    State s = state();
    return new PatchStatus(patch.id(), s.spelling(), patch.target().toString(), failure(),
        counters == null ? null : counters.fixed().sum(), counters == null ? null : counters.original().sum(),
        counters == null ? null : counters.fixedErrors().sum(), counters == null ? null : counters.guardErrors().sum(),
        shadow == null ? null : new PatchStatus.ShadowStatus(shadow.matches(), shadow.mismatches(), shadow.samples()),
        outside(outermost), counters == null ? null : counters.originalErrors().sum(), latency(), safety());
  }

  private synchronized PatchStatus.Safety safety() {
    if (patch.autoRollback().isEmpty()) {
      return null;
    }
    PatchStatus.Progress progress = null;
    if (patch.progress().isPresent()) {
      List<dev.scalpel.dsl.Rollout> steps = patch.progress().get().steps();
      boolean last = step == steps.size() - 1;
      progress = new PatchStatus.Progress(rollout.toString(), last ? null : steps.get(step + 1).toString(),
          last || stepSince == null || retired != null ? null : stepSince.plus(patch.progress().get().every()));
    }
    return new PatchStatus.Safety(window.last(windowTicks(patch)).fixed().calls(),
        patch.autoRollback().get().minCalls(), tripped, progress);
  }

  /** The rollout the guards use now: the declared one, or the progress step reached. */
  synchronized dev.scalpel.dsl.Rollout rollout() {
    return rollout;
  }

  /**
   * The next progress step, if one is due at {@code now}: the patch is in force (active or shadow),
   * has a step left, has been in force on this one for its {@code every}, and its window holds at
   * least {@code minCalls} action calls, so that its health was judged and not merely unseen.
   * The first call that sees the patch in force starts the clock of its step.
   */
  synchronized java.util.Optional<dev.scalpel.dsl.Rollout> progressDue(java.time.Instant now) {
    if (patch.progress().isEmpty() || retired != null || failure != null || !on
        || step >= patch.progress().get().steps().size() - 1) {
      return java.util.Optional.empty();
    }
    if (stepSince == null) {
      stepSince = now;
    }
    boolean waited = !now.isBefore(stepSince.plus(patch.progress().get().every()));
    boolean judged = window.last(windowTicks(patch)).fixed().calls() >= patch.autoRollback().orElseThrow().minCalls();
    return waited && judged ? java.util.Optional.of(patch.progress().get().steps().get(step + 1))
        : java.util.Optional.empty();
  }

  /**
   * Steps the rollout up to the next progress step: every guard is relinked with the new share and
   * retargeted at once (a call-site change, no retransformation).
   *
   * @throws IllegalStateException if {@code to} is not the next step
   */
  synchronized void stepUp(dev.scalpel.dsl.Rollout to, java.time.Instant now) {
    List<dev.scalpel.dsl.Rollout> steps = patch.progress().orElseThrow().steps();
    if (step + 1 >= steps.size() || !steps.get(step + 1).equals(to)) {
      throw new IllegalStateException("patch '" + patch.id() + "' is on step " + rollout + "; " + to
          + " is not its next step");
    }
    step++;
    rollout = to;
    stepSince = now;
    List<MutableCallSite> changed = new ArrayList<>();
    for (Class<?> type : linkedClasses.keySet()) {
      Linked l = linked.get(type);
      for (Map.Entry<MutableCallSite, Site> e : l.sites.entrySet()) {
        Site site = e.getValue();
        MethodHandle active = activeGuard(site.caller(), site.actionType(), site.receivers());
        l.guards.put(e.getKey(), active);
        if (on && failure == null) {
          e.getKey().setTarget(killSwitch.get().guard(active, e.getKey().type()));
          changed.add(e.getKey());
        }
      }
    }
    if (!changed.isEmpty()) {
      MutableCallSite.syncAll(changed.toArray(new MutableCallSite[0]));
    }
  }

  /** The rule that tripped the patch, with its figures, or null. */
  synchronized String tripped() {
    return tripped;
  }

  /** The sampled latencies over the whole window, read without draining; null if nothing is timed. */
  private PatchStatus.LatencyStatus latency() {
    if (counters == null) {
      return null;
    }
    Evidence.Interval last = window.last(WINDOW_TICKS);
    return new PatchStatus.LatencyStatus(PatchStatus.PathLatency.of(last.fixed().latency()),
        PatchStatus.PathLatency.of(last.original().latency()), WINDOW_TICKS);
  }

  private synchronized List<String> outside(java.util.function.Predicate<Class<?>> outermost) {
    List<String> names = new ArrayList<>();
    if (retired == null) {
      for (Class<?> type : linkedClasses.keySet()) {
        if (outermost.test(type)) {
          names.add(type.getName());
        }
      }
    }
    return names;
  }

  /** Why the patch failed, or null. */
  synchronized String failure() {
    return failure;
  }

  /** The patch jar's SHA-256, or null if the patch has none. */
  String jarSha256() {
    return jar == null ? null : jar.sha256();
  }

  /** Whether the patch's guards point at the action (those linked so far, and those linked from now). */
  synchronized boolean isOn() {
    return on;
  }

  /** Whether the patch was rolled back or expired: its prologue must go and never return. */
  synchronized boolean isRetired() {
    return retired != null;
  }

  /**
   * Records that a class now holds this patch's prologue.
   *
   * @param announce whether to report it: a class that loaded after the apply; an apply reports its own
   */
  synchronized void installed(String className, ClassLoader loader, boolean announce) {
    String where = className + " in " + loaderName(loader);
    if (installedIn.add(where) && announce) {
      reporter.patchInstalled(patch, jarSha256(), where, state().spelling());
    }
  }

  /**
   * A class loader as messages name it: its name if it has one, its class, and its identity, so
   * that two loaders of one class (two redeploys of an application) are two places.
   */
  static String loaderName(ClassLoader loader) {
    if (loader == null) {
      return "the bootstrap loader";
    }
    String identity = loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader));
    return loader.getName() != null ? "loader " + loader.getName() + " (" + identity + ")" : "loader " + identity;
  }

  /** Records that this patch cannot apply, reports it once, and turns every guard off. */
  synchronized void fail(String problem) {
    if (failure == null) {
      failure = problem;
      reporter.patchFailed(patch, jarSha256(), problem);
    }
    switchTo(false);
  }

  /** Adopts a new guard site of a class: links the patch for it and sets the site to the current switch. */
  synchronized void attachGuard(Class<?> caller, MethodType actionType, int receivers, MutableCallSite site) {
    if (retired != null) {
      return;
    }
    try {
      MethodHandle active = activeGuard(caller, actionType, receivers);
      linked(caller).sites.put(site, new Site(caller, actionType, receivers));
      linked(caller).guards.put(site, active);
      if (on && failure == null) {
        site.setTarget(killSwitch.get().guard(active, site.type()));
        MutableCallSite.syncAll(new MutableCallSite[] {site});
      }
    } catch (Throwable t) {
      fail("cannot link for " + caller.getName() + ": " + describe(t));
    }
  }

  /**
   * The guard of an active patch for one site, with the rollout in force now: typed as the site, or
   * with no parameters ({@link PlainGuard}) if it needs none of the call's arguments.
   */
  private MethodHandle activeGuard(Class<?> caller, MethodType actionType, int receivers) {
    Patch now = patch.withRollout(rollout);
    ActionLinker.Linked l = ActionLinker.link(now, fixLoader(caller),
        jar != null && jar.callsOriginal(), caller, actionType, receivers,
        counters == null ? null : counters.guardErrors(), shadow);
    if (now.when().isEmpty() && now.stickyBy().isEmpty()) {
      return new PlainGuard(Rollouts.threshold(now.rollout().basisPoints()), l.bypassed() && shadow == null,
          l.bypassed() && shadow != null, counters == null ? null : counters.fixed(), counters == null ? null : counters.original(), sampler,
          sampler != null && original(caller, actionType, receivers) != null, sampler == null ? 0 : sampler.period())
          .handle();
    }
    MethodHandle active = l.activeGuard();
    // A fix's own call of the original counts as a call the guard sent to the original; shadow
    // mode's call of the original is the caller's call, already counted.
    if (l.bypassed() && shadow == null) {
      active = ActionLinker.bypassFirst(active);
    }
    if (sampler != null) {
      active = Counting.guard(active, counters, sampler, original(caller, actionType, receivers) != null);
    } else if (counters != null) {
      active = Counting.guard(active, counters);
    }
    if (l.bypassed() && shadow != null) {
      active = ActionLinker.bypassFirst(active);
    }
    return active;
  }

  private static String describe(Throwable t) {
    return t.getMessage() != null && (t instanceof RuntimeException || t instanceof LinkageError) ? t.getMessage()
        : t.toString();
  }

  /**
   * Adopts a new {@link Dispatcher#THROWN} site of a class: while the patch is on, it counts the
   * exceptions leaving the original body, behind the kill switch as the guards are; off, it is
   * inert, as the guard that would have counted the call is.
   */
  synchronized void attachThrown(Class<?> caller, MutableCallSite site) {
    if (retired != null || counters == null) {
      return;
    }
    MethodHandle count = Counting.thrown(counters);
    linked(caller).thrown.put(site, count);
    if (on && failure == null) {
      site.setTarget(killSwitch.get().guard(count, site.type()));
      MutableCallSite.syncAll(new MutableCallSite[] {site});
    }
  }

  /** Adopts a new action site of a class. */
  synchronized void attachAction(Class<?> caller, int receivers, MutableCallSite site) {
    try {
      // Linked even after a rollback: a thread may have passed the guard just before it switched,
      // and must get the action, not nothing.
      MethodHandle action = ActionLinker.link(patch, fixLoader(caller), false, caller, site.type(), receivers, null,
          shadow).action();
      // With a sampler (the patch counts and is not in shadow mode), one written method counts the
      // action's exceptions and times the sample; it spins no combinator classes for a new signature.
      if (sampler != null) {
        site.setTarget(CountedActions.of(action, original(caller, site.type(), receivers), site.type(),
            counters.fixedErrors(), sampler));
      } else {
        // Uncounted, or shadow mode, where the caller gets the original's answer and the shadow
        // counts what the fix did.
        site.setTarget(action);
      }
    } catch (Throwable t) {
      fail("cannot link for " + caller.getName() + ": " + describe(t));
    }
  }

  /** Points every guard at the action ({@code true}) or at the original code, visible to all threads on return. */
  synchronized void switchTo(boolean active) {
    List<MutableCallSite> changed = new ArrayList<>();
    switchTo(active, changed);
    sync(changed);
  }

  /**
   * Points every guard at the action ({@code true}) or at the original code and adds the changed
   * sites to {@code changed}, without making the change visible to other threads: the caller passes
   * the sites of every patch it switches to one {@link #sync} when it has switched them all.
   */
  synchronized void switchTo(boolean active, List<MutableCallSite> changed) {
    on = active && failure == null && retired == null;
    KillSwitch behind = killSwitch.get();
    for (Class<?> type : linkedClasses.keySet()) {
      Linked l = linked.get(type);
      for (Map<MutableCallSite, MethodHandle> sites : List.of(l.guards, l.thrown)) {
        for (Map.Entry<MutableCallSite, MethodHandle> e : sites.entrySet()) {
          MutableCallSite site = e.getKey();
          site.setTarget(on ? behind.guard(e.getValue(), site.type()) : Dispatcher.inert(site.type()));
          changed.add(site);
        }
      }
    }
  }

  /** Makes the targets of {@code changed} visible to every thread, in one {@code syncAll}. */
  static void sync(List<MutableCallSite> changed) {
    if (!changed.isEmpty()) {
      MutableCallSite.syncAll(changed.toArray(new MutableCallSite[0]));
    }
  }

  /**
   * Step one of a rollback: the patch never switches on again. With {@code switchSites} every guard
   * turns to the original code now; without, a {@link KillSwitch} in front of them already did.
   * The action sites keep their targets: a thread that passed a guard just before the switch still
   * gets the action's answer (every call answers either the old or the new way), and the sites go
   * with the uninstalled method versions.
   *
   * The guards it switches are added to {@code changed}, for the caller's one {@link #sync} over
   * every patch it retires.
   *
   * @param end {@link State#ROLLED_BACK}, {@link State#EXPIRED} or {@link State#TRIPPED}
   */
  synchronized void retire(State end, boolean switchSites, List<MutableCallSite> changed) {
    retired = end;
    if (switchSites) {
      switchTo(false, changed);
    } else {
      on = false;
    }
  }

  /**
   * Step three of a rollback, after the prologues are uninstalled: drops every link to the fix, so
   * that its class loader can be collected.
   */
  synchronized void release() {
    switchTo(false);
    forgetLinks();
  }

  /**
   * Drops the patch's own links to its sites and fix loaders, leaving the sites' targets as they
   * are: for a version replaced by a changed one, whose sites remain only in method versions the JVM
   * drops once no thread runs them.
   */
  synchronized void forgetLinks() {
    for (Class<?> type : linkedClasses.keySet()) {
      linked.remove(type);
    }
    linkedClasses.clear();
  }

  private Linked linked(Class<?> caller) {
    linkedClasses.put(caller, Boolean.TRUE);
    return linked.get(caller);
  }

  /**
   * The patched method of {@code caller}, called back to time the original code; null if the
   * agent cannot call it (then only the action path is timed in that class). Looked up once.
   */
  private MethodHandle original(Class<?> caller, MethodType actionType, int receivers) {
    Linked l = linked(caller);
    if (!l.originalLooked) {
      l.originalLooked = true;
      try {
        l.original = ActionLinker.original(patch, caller, actionType, receivers);
      } catch (IllegalStateException cannot) {
        l.original = null;
      }
    }
    return l.original;
  }

  private ClassLoader fixLoader(Class<?> caller) {
    if (jar == null) {
      return null;
    }
    Linked l = linked(caller);
    if (l.fixLoader == null) {
      l.fixLoader = jar.newLoader(caller.getClassLoader());
    }
    return l.fixLoader;
  }

  /**
   * Records why the safety net takes the patch out, before {@link #retire} with {@link State#TRIPPED}.
   */
  synchronized void trippedBy(String rule) {
    tripped = rule;
  }

  /** What the patch linked in one target class; guarded by the patch's lock. */
  private static final class Linked {
    ClassLoader fixLoader;
    MethodHandle original;
    boolean originalLooked;
    final Map<MutableCallSite, MethodHandle> guards = new java.util.HashMap<>();
    // The sites counting the original's exceptions, with their counting handles: switched with the guards.
    final Map<MutableCallSite, MethodHandle> thrown = new java.util.HashMap<>();
    // What each guard was linked for, to link it again with a new rollout.
    final Map<MutableCallSite, Site> sites = new java.util.HashMap<>();
  }

  /** A guard site's link: its class, its action's type, and whether its first parameter is the receiver. */
  private record Site(Class<?> caller, MethodType actionType, int receivers) {}
}
