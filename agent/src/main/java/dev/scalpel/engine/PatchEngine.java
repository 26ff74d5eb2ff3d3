package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Patch;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MutableCallSite;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Applies manifests to the running JVM and takes patches out again: install once, then switch.
 *
 * <p>Applying is all-or-nothing, and a transaction in two halves. {@link #stage} checks every patch
 * of the new manifest and installs the new prologues (inert, except a changed patch whose old
 * version was active: it goes live as it links); if anything fails, it throws and the running
 * patches stay exactly as they were. Then the caller records the change and either commits it (all
 * new call sites switch at once, then the prologues of patches that left are uninstalled) or undoes
 * it (the old prologues come back). A class that loads while an apply is staged is patched as the
 * new manifest says, and put back on undo.
 *
 * <p>Rolling back is three steps: every guard of the patch switches to the original code at once
 * (visible to every thread on its next call), then the prologue is uninstalled by retransforming
 * the class without it, then every reference to the fix is dropped so its class loader can go.
 *
 * <p>A patch whose class is not loaded yet is {@code pending}: it is checked and installed when the
 * class loads, and if it fails then, only that patch fails.
 */
public final class PatchEngine {

  private final LoadedClasses classes;
  private final Reporter reporter;
  private final SiteLinker linker = new SiteLinker();
  private final ScalpelTransformer transformer;
  private final ClassRewriter rewriter;
  private final Outermost outermost;
  private final boolean counting;
  private final KillSwitch.Current killSwitch = new KillSwitch.Current();
  private Map<String, PatchRuntime> running = new LinkedHashMap<>();
  private Manifest manifest = new Manifest(1, List.of(), Map.of());
  private StagedApply staged;

  /**
   * Registers Scalpel's transformer and the dispatcher's linker. The bootstrap classes must already
   * be in the bootstrap class loader.
   *
   * @param reporter where what happens after an apply is reported: a class that loads later and
   *                 activates a patch or cannot be patched, a transformation error
   * @param counting whether patches count their calls (a thread-local increment per call)
   */
  public PatchEngine(Instrumentation instrumentation, Reporter reporter, boolean counting) {
    this.reporter = reporter;
    this.counting = counting;
    // Named classes rather than method references on this start-up path: each reference would have
    // the JVM spin a class at run time, where these load from the jar.
    Errors errors = new Errors(reporter);
    this.transformer = new ScalpelTransformer(linker, errors);
    this.rewriter = new ClassRewriter(instrumentation, transformer, new Targeted(transformer), errors);
    this.outermost = new Outermost(rewriter);
    this.classes = new LoadedClasses(instrumentation, rewriter);
    Dispatcher.install(linker);
    rewriter.register();
  }

  /**
   * Unregisters Scalpel's transformer, for an agent whose start-up failed after building this
   * engine and before applying anything: classes that load later are left alone.
   */
  public void close() {
    rewriter.unregister();
  }

  /**
   * Applies {@code next} in place of the running manifest, as a diff by patch id: new patches are
   * installed, removed ones rolled back, changed ones replaced, unchanged ones left as they are.
   * The same as {@link #stage} followed at once by {@link StagedApply#commit()}.
   *
   * @param source a name for messages (the manifest's path)
   * @param folder the folder relative {@code jar:} paths resolve against
   * @param revive whether unchanged patches that were rolled back or failed apply again (an
   *               operator's explicit apply) or stay as they are (a hot reload)
   * @throws ApplyException if any patch cannot apply; then nothing changed
   */
  public synchronized ApplyReport apply(Manifest next, String source, Path folder, boolean revive) throws ApplyException {
    return stage(next, source, folder, revive).commit();
  }

  /**
   * Checks {@code next} and installs its new prologues without switching anything on: the first
   * half of an apply, whose second half is {@link StagedApply#commit()} (switch) or
   * {@link StagedApply#undo()} (everything back as it was). Between the two the caller writes its
   * audit records. A patch changed from an active version goes live as its new prologue links,
   * so that no call runs the original code that neither version would send there; an undo puts its
   * old version back. Until the commit or undo, {@link #rollback} and {@link #expire} refuse, and
   * classes that load are patched as the new manifest says, their outcome counting only on commit.
   *
   * @throws ApplyException if any patch cannot apply; then nothing changed
   * @throws IllegalStateException if another apply is staged
   */
  public synchronized StagedApply stage(Manifest next, String source, Path folder, boolean revive)
      throws ApplyException {
    requireNoneStaged("apply");
    long started = System.nanoTime();
    Instant now = Instant.now();
    Set<String> names = new HashSet<>();
    for (Patch p : next.patches()) {
      names.add(p.target().className());
    }
    // Recorded from before the listing of loaded classes: a class that loads while the manifest is
    // checked (seconds, for a big one) is patched too.
    ScalpelTransformer.Staging staging = new ScalpelTransformer.Staging(names);
    transformer.stage(staging);
    StagedApply t = null;
    try {
      Map<String, PatchRuntime> leaving = new LinkedHashMap<>();
      Map<String, PatchRuntime> coming = new LinkedHashMap<>();
      Map<String, PatchRuntime> result = new LinkedHashMap<>();
      for (PatchRuntime r : running.values()) {
        if (!keeps(r, next.patch(r.id()).orElse(null), revive)) {
          leaving.put(r.id(), r);
        }
      }
      List<String> problems = new ArrayList<>();
      Map<String, List<Class<?>>> loaded = classes.loaded(names);
      CheckCache cache = new CheckCache();
      for (Patch p : next.patches()) {
        PatchRuntime current = running.get(p.id());
        if (current != null && !leaving.containsKey(p.id())) {
          result.put(p.id(), current);
          continue;
        }
        PatchRuntime prepared = prepare(p, folder, loaded.getOrDefault(p.target().className(), List.of()),
            PatchCheck.where(next, source, p), problems, cache);
        if (prepared != null) {
          coming.put(p.id(), prepared);
          result.put(p.id(), prepared);
        }
      }
      if (!problems.isEmpty()) {
        throw new ApplyException(source, problems);
      }
      t = new StagedApply(this, next, source, now, staging, planOf(running.values(), List.of(), now), leaving, coming,
          result, started);
      install(t, loaded);
      staged = t;
      return t;
    } catch (RuntimeException | Error e) {
      // Unexpected, and perhaps with the new plan published: everything back as it was.
      if (t != null && !t.isFinished()) {
        undo(t);
      }
      transformer.stage(null);
      throw e;
    } catch (ApplyException e) {
      transformer.stage(null);
      throw e;
    }
  }

  private void requireNoneStaged(String what) {
    if (staged != null) {
      throw new IllegalStateException("cannot " + what + " while an apply of " + staged.source()
          + " is staged; commit or undo it first");
    }
  }

  /**
   * Installs the staged plan; on failure puts everything back and throws.
   *
   * @param loaded the target classes the stage found loaded, by name: listing every loaded class
   *               again would cost a pass over all of them (tens of thousands in a big application),
   *               and a class that loaded since is in the staging's record of loads
   */
  private void install(StagedApply t, Map<String, List<Class<?>>> loaded) throws ApplyException {
    Instant now = t.now();
    for (PatchRuntime r : t.coming().values()) {
      PatchRuntime old = running.get(r.id());
      if (old != null && old.state() == PatchRuntime.State.ACTIVE && r.wantsPrologue(now)) {
        r.switchTo(true);
      }
    }
    t.staging().defer();
    transformer.plan(planOf(t.result().values(), t.leaving().values(), now));
    Set<String> names = new HashSet<>();
    for (PatchRuntime r : t.coming().values()) {
      if (r.wantsPrologue(now)) {
        names.add(r.patch().target().className());
      }
    }
    Set<Class<?>> touched = new LinkedHashSet<>();
    for (String name : names) {
      touched.addAll(loaded.getOrDefault(name, List.of()));
    }
    touched.addAll(classes.loadedDuring(t.staging(), names, touched));
    t.touched().addAll(touched);
    t.checked(System.nanoTime());
    List<String> problems = new ArrayList<>();
    List<ScalpelTransformer.Outcome> outcomes = transformer.capturing(new Rewrite(classes, touched, problems));
    for (ScalpelTransformer.Outcome o : outcomes) {
      if (!o.installed() && !running.containsValue(o.patch())) {
        problems.add(t.source() + ": patch '" + o.patch().id() + "': " + o.problem());
      }
    }
    if (!problems.isEmpty()) {
      undo(t);
      throw new ApplyException(t.source(), problems);
    }
    for (ScalpelTransformer.Outcome o : outcomes) {
      o.patch().installed(o.className(), o.loader(), false);
    }
    t.installed(System.nanoTime());
  }

  /** {@link StagedApply#commit()}: switches the new patches on and retires those that left. */
  synchronized ApplyReport commit(StagedApply t) {
    finish(t);
    Instant now = t.now();
    long switching = System.nanoTime();
    List<MutableCallSite> changed = new ArrayList<>();
    for (PatchRuntime r : t.coming().values()) {
      if (!r.isOn()) {
        r.switchTo(r.wantsPrologue(now), changed);
      }
    }
    PatchRuntime.sync(changed);
    long switched = System.nanoTime();
    running = t.result();
    manifest = t.manifest();
    staged = null;
    deliver(transformer, t.staging(), running.values());
    // A changed patch's old version keeps its guards as they are: after the install they live only in
    // method versions that a thread may still be running (it entered before the class changed and was
    // descheduled since), and that thread must get the old answer or the new one, never the original.
    // The JVM drops those versions, and with them the old fix, once no thread runs them.
    Set<PatchRuntime> replaced = new HashSet<>();
    for (PatchRuntime r : t.leaving().values()) {
      PatchRuntime next = t.coming().get(r.id());
      if (next != null && next.isOn()) {
        replaced.add(r);
      }
    }
    retire(t.leaving().values(), PatchRuntime.State.ROLLED_BACK, replaced);
    return new ApplyReport(t.applied(), t.removed(), t.result().size() - t.coming().size(), t.checkNanos(),
        t.installNanos(), switched - switching);
  }

  /** {@link StagedApply#undo()}: the running patches exactly as before the stage. */
  synchronized void undo(StagedApply t) {
    finish(t);
    transformer.plan(t.previousPlan());
    Set<Class<?>> back = new LinkedHashSet<>(t.touched());
    Set<String> names = new HashSet<>();
    t.staging().loads().forEach(l -> names.add(l.className()));
    back.addAll(classes.loadedDuring(t.staging(), names, Set.of()));
    List<String> problems = new ArrayList<>();
    List<ScalpelTransformer.Outcome> outcomes = transformer.capturing(new Rewrite(classes, back, problems));
    problems.forEach(reporter::error);
    staged = null;
    deliver(transformer, t.staging(), running.values());
    for (ScalpelTransformer.Outcome o : outcomes) {
      if (o.installed() && running.containsValue(o.patch())) {
        o.patch().installed(o.className(), o.loader(), true);
      }
    }
    // Only now, with the old prologues back: a changed patch's new version was live.
    for (PatchRuntime r : t.coming().values()) {
      r.release();
      linker.forget(r);
    }
  }

  private static void finish(StagedApply t) {
    if (!t.finish()) {
      throw new IllegalStateException("the apply of " + t.source() + " was already committed or undone");
    }
  }

  /** Ends the staging and hands the outcomes of the classes that loaded meanwhile to the patches of {@code to}. */
  private static void deliver(ScalpelTransformer transformer, ScalpelTransformer.Staging staging,
      Collection<PatchRuntime> to) {
    transformer.stage(null);
    for (ScalpelTransformer.Outcome o : staging.close()) {
      if (!to.contains(o.patch())) {
        continue;
      }
      if (o.installed()) {
        o.patch().installed(o.className(), o.loader(), true);
      } else {
        o.patch().fail(o.problem());
      }
    }
  }

  private static boolean keeps(PatchRuntime r, Patch declared, boolean revive) {
    if (declared == null || !declared.equals(r.patch())) {
      return false;
    }
    PatchRuntime.State s = r.state();
    return !(revive && (s == PatchRuntime.State.ROLLED_BACK || s == PatchRuntime.State.TRIPPED
        || s == PatchRuntime.State.FAILED));
  }

  /**
   * What a rollback did, and how long its first two steps took.
   *
   * @param patches        the patches rolled back (those already rolled back are left out)
   * @param classes        how many loaded classes had their prologues removed
   * @param switchNanos    from the start until every thread's next call runs the original code
   * @param uninstallNanos from then until the prologues were removed
   */
  public record Rollback(List<Patch> patches, int classes, long switchNanos, long uninstallNanos) {}

  /**
   * Rolls back the patches with these ids in three steps: switch, uninstall, release. They stay
   * listed as {@code rolled-back} until the next manifest.
   *
   * @throws IllegalArgumentException if an id is not in the running manifest; then nothing changed
   */
  public synchronized Rollback rollback(Collection<String> ids) {
    requireNoneStaged("roll back");
    List<String> unknown = ids.stream().filter(id -> !running.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("no patch " + unknown + " in the running manifest; its patches are "
          + running.keySet());
    }
    List<PatchRuntime> targets = ids.stream().distinct().map(running::get)
        .filter(r -> r.state() != PatchRuntime.State.ROLLED_BACK).toList();
    return retire(targets, PatchRuntime.State.ROLLED_BACK);
  }

  /** Rolls back every patch of the running manifest. */
  public synchronized Rollback rollbackAll() {
    return rollback(List.copyOf(running.keySet()));
  }

  /**
   * Takes out every patch whose {@code expires} instant has passed, as a rollback does.
   *
   * @return the patches that expired now
   */
  public synchronized List<Patch> expire(Instant now) {
    requireNoneStaged("expire patches");
    List<PatchRuntime> due = running.values().stream()
        .filter(r -> !r.isRetired() && r.isExpired(now)).toList();
    return retire(due, PatchRuntime.State.EXPIRED).patches();
  }

  /**
   * What the safety net found on one tick.
   *
   * @param trips the patches whose {@code autoRollback} rules trip, by id, with the rule and its figures
   * @param steps the patches whose next {@code progress} step is due, by id, with the step
   */
  public record SafetyFindings(Map<String, String> trips, Map<String, dev.scalpel.dsl.Rollout> steps) {}

  /**
   * One tick of the safety net: every patch in force closes its evidence interval, then the patches
   * with {@code autoRollback} are judged on their windows and those with {@code progress} checked
   * for a due step. Changes nothing but the windows: the caller trips ({@link #trip}) and steps
   * ({@link #stepUp}), each with its audit record. Finds nothing while an apply is staged.
   */
  public synchronized SafetyFindings safetyTick(Instant now) {
    Map<String, String> trips = new LinkedHashMap<>();
    Map<String, dev.scalpel.dsl.Rollout> steps = new LinkedHashMap<>();
    if (staged != null) {
      return new SafetyFindings(trips, steps);
    }
    for (PatchRuntime r : running.values()) {
      if (r.isRetired()) {
        continue;
      }
      r.window().tick();
      if (r.patch().autoRollback().isEmpty() || r.failure() != null) {
        continue;
      }
      int span = PatchRuntime.windowTicks(r.patch());
      java.util.Optional<String> rule = SafetyRules.judge(r.patch().autoRollback().get(), r.window().last(span),
          r.window().ticks() >= span);
      if (rule.isPresent()) {
        trips.put(r.id(), rule.get());
      } else {
        r.progressDue(now).ifPresent(step -> steps.put(r.id(), step));
      }
    }
    return new SafetyFindings(trips, steps);
  }

  /**
   * Takes a patch out because its {@code autoRollback} rule tripped, as a rollback does (switch,
   * uninstall, release), leaving it {@code tripped} until an explicit apply brings it back; a hot
   * reload of the same patch does not.
   *
   * @param rule the rule with its figures, for {@code status}
   * @return what was taken out: nothing if the patch is gone or already out
   */
  public synchronized Rollback trip(String id, String rule) {
    requireNoneStaged("trip a patch");
    PatchRuntime r = running.get(id);
    if (r == null || r.isRetired()) {
      return new Rollback(List.of(), 0, 0, 0);
    }
    r.trippedBy(rule);
    return retire(List.of(r), PatchRuntime.State.TRIPPED);
  }

  /**
   * Steps a patch's rollout up to {@code to}, its next {@code progress} step, by retargeting its
   * guards (no retransformation).
   *
   * @return the rollout it had, or empty if the patch is gone, out, or not on the step before {@code to}
   */
  public synchronized java.util.Optional<dev.scalpel.dsl.Rollout> stepUp(String id, dev.scalpel.dsl.Rollout to,
      Instant now) {
    requireNoneStaged("step a rollout up");
    PatchRuntime r = running.get(id);
    if (r == null || r.isRetired() || !r.progressDue(now).equals(java.util.Optional.of(to))) {
      return java.util.Optional.empty();
    }
    dev.scalpel.dsl.Rollout from = r.rollout();
    r.stepUp(to, now);
    return java.util.Optional.of(from);
  }

  /** The earliest {@code expires} instant of a patch still in force, if any. */
  public synchronized java.util.Optional<Instant> nextExpiry() {
    // A loop rather than a stream: the clock asks from its first round, while the application starts.
    Instant earliest = null;
    for (PatchRuntime r : running.values()) {
      java.util.Optional<Instant> expires = r.patch().governance().expires();
      if (!r.isRetired() && expires.isPresent() && (earliest == null || expires.get().isBefore(earliest))) {
        earliest = expires.get();
      }
    }
    return java.util.Optional.ofNullable(earliest);
  }

  /** The status of every patch of the running manifest, in manifest order. */
  public synchronized List<PatchStatus> status() {
    List<PatchStatus> all = new ArrayList<>();
    for (PatchRuntime r : running.values()) {
      all.add(r.status(outermost));
    }
    return all;
  }

  /**
   * The evidence of each patch whose paths had calls over its last {@code span} ticks, by patch id
   * in manifest order; read without draining.
   */
  public synchronized Map<String, Evidence.Interval> recentEvidence(int span) {
    Map<String, Evidence.Interval> recent = new LinkedHashMap<>();
    for (PatchRuntime r : running.values()) {
      Evidence.Interval last = r.window().last(span);
      if (last.fixed().calls() + last.original().calls() > 0) {
        recent.put(r.id(), last);
      }
    }
    return recent;
  }

  /** Makes this engine's linker the dispatcher's again, for tests in this package that install their own. */
  void relink() {
    Dispatcher.install(linker);
  }

  /** Whether the dispatcher's linker still holds a site of {@code patch}, for tests in this package. */
  synchronized boolean linkerKnows(PatchRuntime patch) {
    return linker.knows(patch);
  }

  /** The runtime of a patch of the running manifest, for tests in this package. */
  synchronized PatchRuntime runtime(String id) {
    return running.get(id);
  }

  /** The running manifest. */
  public synchronized Manifest manifest() {
    return manifest;
  }

  private Rollback retire(Collection<PatchRuntime> gone, PatchRuntime.State end) {
    return retire(gone, end, Set.of());
  }

  /**
   * @param replaced patches of {@code gone} whose new version is on: their guards are left as they
   *                 are (see {@link #commit})
   */
  private Rollback retire(Collection<PatchRuntime> gone, PatchRuntime.State end, Set<PatchRuntime> replaced) {
    if (gone.isEmpty()) {
      return new Rollback(List.of(), 0, 0, 0);
    }
    long started = System.nanoTime();
    // Step one: every guard switches to the original code. When every patch in force goes, one
    // call-site change does it for all of them; the guards themselves are reset in step three.
    // Plain loops, and the patches marked retired before the switch turns: a class loading
    // meanwhile must not link a guard behind the fresh switch.
    Set<PatchRuntime> going = new HashSet<>(gone);
    boolean all = true;
    for (PatchRuntime r : running.values()) {
      if (!going.contains(r) && !r.isRetired()) {
        all = false;
        break;
      }
    }
    List<MutableCallSite> changed = new ArrayList<>();
    for (PatchRuntime r : gone) {
      r.retire(end, !all && !replaced.contains(r), changed);
    }
    PatchRuntime.sync(changed);
    if (all) {
      killSwitch.turnOff();
    }
    long switched = System.nanoTime();
    Set<String> names = new HashSet<>();
    gone.forEach(r -> names.add(r.patch().target().className()));
    transformer.plan(planOf(running.values(), List.of(), Instant.now()));
    List<String> problems = new ArrayList<>();
    Set<Class<?>> targets = new LinkedHashSet<>();
    classes.loaded(names).values().forEach(targets::addAll);
    transformer.capturing(new Rewrite(classes, targets, problems));
    long uninstalled = System.nanoTime();
    problems.forEach(reporter::error);
    for (PatchRuntime r : gone) {
      if (replaced.contains(r)) {
        r.forgetLinks();
      } else {
        r.release();
      }
    }
    gone.forEach(linker::forget);
    return new Rollback(gone.stream().map(PatchRuntime::patch).toList(), targets.size(), switched - started,
        uninstalled - switched);
  }

  private PatchRuntime prepare(Patch p, Path folder, List<Class<?>> loaded, String where, List<String> problems,
      CheckCache cache) {
    List<PatchCheck.TargetClass> targets = new ArrayList<>();
    if (loaded.isEmpty()) {
      // Not loaded yet: checked now against what the system class loader finds, if it finds it,
      // and again in the transformer when the class loads.
      ClassShapes classes = cache.classes(ClassLoader.getSystemClassLoader());
      ClassShape type = classes.find(p.target().className());
      if (type != null) {
        targets.add(new PatchCheck.TargetClass(type, classes));
      }
    }
    Set<ClassLoader> seen = new HashSet<>();
    for (Class<?> c : loaded) {
      if (seen.add(c.getClassLoader())) {
        ClassShapes classes = cache.classes(c.getClassLoader());
        targets.add(new PatchCheck.TargetClass(classes.findOrReflect(c), classes));
      }
    }
    int before = problems.size();
    FixJar jar = PatchCheck.check(p, folder, targets, where, problems, cache);
    return problems.size() > before ? null : new PatchRuntime(p, jar, reporter, counting, killSwitch);
  }



  private static Map<String, List<PatchRuntime>> planOf(Collection<PatchRuntime> result,
      Collection<PatchRuntime> leaving, Instant now) {
    Map<String, List<PatchRuntime>> plan = new HashMap<>();
    for (Collection<PatchRuntime> group : List.of(result, leaving)) {
      for (PatchRuntime r : group) {
        if (r.wantsPrologue(now)) {
          String name = r.patch().target().className();
          List<PatchRuntime> onClass = plan.get(name);
          if (onClass == null) {
            onClass = new ArrayList<>();
            plan.put(name, onClass);
          }
          onClass.add(r);
        }
      }
    }
    return plan;
  }

  /** Reports transformation errors to the reporter. */
  private static final class Errors implements Consumer<String> {
    private final Reporter reporter;

    Errors(Reporter reporter) {
      this.reporter = reporter;
    }

    @Override
    public void accept(String message) {
      reporter.error(message);
    }
  }

  /** Whether the transformer's plan targets a class, by internal name. */
  private static final class Targeted implements Predicate<String> {
    private final ScalpelTransformer transformer;

    Targeted(ScalpelTransformer transformer) {
      this.transformer = transformer;
    }

    @Override
    public boolean test(String internalName) {
      return transformer.targets(internalName);
    }
  }

  /** Whether the prologue is outermost in a class, for the status. */
  private static final class Outermost implements Predicate<Class<?>> {
    private final ClassRewriter rewriter;

    Outermost(ClassRewriter rewriter) {
      this.rewriter = rewriter;
    }

    @Override
    public boolean test(Class<?> type) {
      return rewriter.outermost(type);
    }
  }

  /** Rewrites loaded classes, adding what went wrong to a list. */
  private static final class Rewrite implements Runnable {
    private final LoadedClasses classes;
    private final Set<Class<?>> types;
    private final List<String> problems;

    Rewrite(LoadedClasses classes, Set<Class<?>> types, List<String> problems) {
      this.classes = classes;
      this.types = types;
      this.problems = problems;
    }

    @Override
    public void run() {
      classes.rewrite(types, problems);
    }
  }
}
