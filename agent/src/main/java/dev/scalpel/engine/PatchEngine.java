package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Patch;
import java.lang.instrument.Instrumentation;
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
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Applies manifests to the running JVM and takes patches out again: install once, then switch.
 *
 * <p>Applying is all-or-nothing. Every patch of the new manifest is checked and linked first; if
 * any fails, {@link #apply} throws and none of the new manifest applies: the running patches stay
 * exactly as they were. Then the prologues of new patches are installed (inert), then all call
 * sites switch at once, then the prologues of patches that left are uninstalled.
 *
 * <p>Rolling back is three steps: every guard of the patch switches to the original code at once
 * (visible to every thread on its next call), then the prologue is uninstalled by retransforming
 * the class without it, then every reference to the fix is dropped so its class loader can go.
 *
 * <p>A patch whose class is not loaded yet is {@code pending}: it is checked and installed when the
 * class loads, and if it fails then, only that patch fails.
 */
public final class PatchEngine {

  private final Instrumentation instrumentation;
  private final Reporter reporter;
  private final SiteLinker linker = new SiteLinker();
  private final ScalpelTransformer transformer;
  private final ClassRewriter rewriter;
  private final boolean counting;
  private final KillSwitch.Current killSwitch = new KillSwitch.Current();
  private Map<String, PatchRuntime> running = new LinkedHashMap<>();
  private Manifest manifest = new Manifest(1, List.of(), Map.of());

  /**
   * Registers Scalpel's transformer and the dispatcher's linker. The bootstrap classes must already
   * be on the bootstrap class path.
   *
   * @param reporter where what happens after an apply is reported: a class that loads later and
   *                 activates a patch or cannot be patched, a transformation error
   * @param counting whether patches count their calls (a thread-local increment per call)
   */
  public PatchEngine(Instrumentation instrumentation, Reporter reporter, boolean counting) {
    this.instrumentation = instrumentation;
    this.reporter = reporter;
    this.counting = counting;
    this.transformer = new ScalpelTransformer(linker, reporter::error);
    this.rewriter = new ClassRewriter(instrumentation, transformer, reporter::error);
    Dispatcher.install(linker);
    rewriter.register();
  }

  /**
   * Applies {@code next} in place of the running manifest, as a diff by patch id: new patches are
   * installed, removed ones rolled back, changed ones replaced, unchanged ones left as they are.
   *
   * @param source a name for messages (the manifest's path)
   * @param folder the folder relative {@code jar:} paths resolve against
   * @param revive whether unchanged patches that were rolled back or failed apply again (an
   *               operator's explicit apply) or stay as they are (a hot reload)
   * @throws ApplyException if any patch cannot apply; then nothing changed
   */
  public synchronized ApplyReport apply(Manifest next, String source, Path folder, boolean revive) throws ApplyException {
    long started = System.nanoTime();
    Instant now = Instant.now();
    Map<String, PatchRuntime> leaving = new LinkedHashMap<>();
    Map<String, PatchRuntime> coming = new LinkedHashMap<>();
    Map<String, PatchRuntime> result = new LinkedHashMap<>();
    for (PatchRuntime r : running.values()) {
      if (!keeps(r, next.patch(r.id()).orElse(null), revive)) {
        leaving.put(r.id(), r);
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<Class<?>>> loaded = loadedTargets(next.patches().stream().map(p -> p.target().className()).toList());
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
    long checked = System.nanoTime();
    Set<Class<?>> touched = new LinkedHashSet<>();
    for (PatchRuntime r : coming.values()) {
      if (r.wantsPrologue(now)) {
        touched.addAll(loaded.getOrDefault(r.patch().target().className(), List.of()));
      }
    }
    install(result.values(), leaving.values(), touched, source, now);
    long installed = System.nanoTime();
    for (PatchRuntime r : coming.values()) {
      r.switchTo(r.wantsPrologue(now));
    }
    long switched = System.nanoTime();
    List<Patch> removed = leaving.values().stream().filter(r -> !r.isRetired()).map(PatchRuntime::patch).toList();
    running = result;
    manifest = next;
    retire(leaving.values(), PatchRuntime.State.ROLLED_BACK);
    List<ApplyReport.Applied> applied = new ArrayList<>();
    for (PatchRuntime r : coming.values()) {
      applied.add(new ApplyReport.Applied(r.patch(), r.jarSha256(), r.state().spelling()));
    }
    return new ApplyReport(applied, removed, result.size() - coming.size(), checked - started, installed - checked,
        switched - installed);
  }

  private static boolean keeps(PatchRuntime r, Patch declared, boolean revive) {
    if (declared == null || !declared.equals(r.patch())) {
      return false;
    }
    PatchRuntime.State s = r.state();
    return !(revive && (s == PatchRuntime.State.ROLLED_BACK || s == PatchRuntime.State.FAILED));
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
    List<PatchRuntime> due = running.values().stream()
        .filter(r -> !r.isRetired() && r.isExpired(now)).toList();
    return retire(due, PatchRuntime.State.EXPIRED).patches();
  }

  /** The earliest {@code expires} instant of a patch still in force, if any. */
  public synchronized java.util.Optional<Instant> nextExpiry() {
    return running.values().stream().filter(r -> !r.isRetired())
        .flatMap(r -> r.patch().governance().expires().stream()).min(Instant::compareTo);
  }

  /** The status of every patch of the running manifest, in manifest order. */
  public synchronized List<PatchStatus> status() {
    List<PatchStatus> all = new ArrayList<>();
    for (PatchRuntime r : running.values()) {
      all.add(r.status());
    }
    return all;
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
    for (PatchRuntime r : gone) {
      r.retire(end, !all);
    }
    if (all) {
      killSwitch.turnOff();
    }
    long switched = System.nanoTime();
    Set<String> names = new HashSet<>();
    gone.forEach(r -> names.add(r.patch().target().className()));
    transformer.plan(planOf(running.values(), List.of(), Instant.now()));
    List<String> problems = new ArrayList<>();
    Set<Class<?>> classes = new LinkedHashSet<>();
    loadedTargets(names).values().forEach(classes::addAll);
    transformer.capturing(o -> { }, () -> retransform(classes, problems));
    long uninstalled = System.nanoTime();
    problems.forEach(reporter::error);
    gone.forEach(PatchRuntime::release);
    gone.forEach(linker::forget);
    return new Rollback(gone.stream().map(PatchRuntime::patch).toList(), classes.size(), switched - started,
        uninstalled - switched);
  }

  private PatchRuntime prepare(Patch p, Path folder, List<Class<?>> loaded, String where, List<String> problems,
      CheckCache cache) {
    List<PatchCheck.TargetClass> targets = new ArrayList<>();
    if (loaded.isEmpty()) {
      // Not loaded yet: checked now against what the system class loader finds, if it finds it,
      // and again in the transformer when the class loads.
      ClassFileLocator classes = cache.classes(ClassLoader.getSystemClassLoader());
      TypePool.Resolution r = cache.pool(null, classes).describe(p.target().className());
      if (r.isResolved()) {
        targets.add(new PatchCheck.TargetClass(r.resolve(), classes));
      }
    }
    Set<ClassLoader> seen = new HashSet<>();
    for (Class<?> c : loaded) {
      if (seen.add(c.getClassLoader())) {
        ClassFileLocator classes = cache.classes(c.getClassLoader());
        TypePool.Resolution r = cache.pool(null, classes).describe(p.target().className());
        targets.add(new PatchCheck.TargetClass(r.isResolved() ? r.resolve() : TypeDescription.ForLoadedType.of(c), classes));
      }
    }
    int before = problems.size();
    FixJar jar = PatchCheck.check(p, folder, targets, where, problems, cache);
    return problems.size() > before ? null : new PatchRuntime(p, jar, reporter, counting, killSwitch);
  }

  private Map<String, List<Class<?>>> loadedTargets(Collection<String> classNames) {
    Set<String> names = new HashSet<>(classNames);
    Map<String, List<Class<?>>> found = new HashMap<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (names.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
        found.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(c);
      }
    }
    return found;
  }

  private void install(Collection<PatchRuntime> result, Collection<PatchRuntime> leaving, Set<Class<?>> touched,
      String source, Instant now) throws ApplyException {
    Map<String, List<PatchRuntime>> previous = planOf(running.values(), List.of(), now);
    transformer.plan(planOf(result, leaving, now));
    if (touched.isEmpty()) {
      return;
    }
    List<ScalpelTransformer.Outcome> outcomes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    transformer.capturing(outcomes::add, () -> retransform(touched, problems));
    for (ScalpelTransformer.Outcome o : outcomes) {
      if (!o.installed() && !running.containsValue(o.patch())) {
        problems.add(source + ": patch '" + o.patch().id() + "': " + o.problem());
      }
    }
    if (!problems.isEmpty()) {
      transformer.plan(previous);
      List<String> ignored = new ArrayList<>();
      transformer.capturing(o -> { }, () -> retransform(touched, ignored));
      ignored.forEach(reporter::error);
      throw new ApplyException(source, problems);
    }
    outcomes.forEach(o -> o.patch().installed(o.className(), o.loader(), false));
  }

  private static Map<String, List<PatchRuntime>> planOf(Collection<PatchRuntime> result,
      Collection<PatchRuntime> leaving, Instant now) {
    Map<String, List<PatchRuntime>> plan = new HashMap<>();
    for (Collection<PatchRuntime> group : List.of(result, leaving)) {
      for (PatchRuntime r : group) {
        if (r.wantsPrologue(now)) {
          plan.computeIfAbsent(r.patch().target().className(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    return plan;
  }

  private void retransform(Set<Class<?>> classes, List<String> problems) {
    rewriter.rewrite(classes, problems);
  }
}
