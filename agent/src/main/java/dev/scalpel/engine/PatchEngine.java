package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Patch;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Applies manifests to the running JVM: install once, then switch.
 *
 * <p>Applying is all-or-nothing. Every patch of the new manifest is checked and linked first; if
 * any fails, {@link #apply} throws and none of the new manifest applies: the running patches stay
 * exactly as they were. Then the prologues of new patches are installed (inert), then all call
 * sites switch at once, then the prologues of patches that left are uninstalled.
 *
 * <p>A patch whose class is not loaded yet is {@code pending}: it is checked and installed when the
 * class loads, and if it fails then, only that patch fails.
 */
public final class PatchEngine {

  private final Instrumentation instrumentation;
  private final Reporter reporter;
  private final SiteLinker linker = new SiteLinker();
  private final ScalpelTransformer transformer;
  private Map<String, PatchRuntime> running = new LinkedHashMap<>();
  private Manifest manifest = new Manifest(1, List.of(), Map.of());

  /**
   * Registers Scalpel's transformer and the dispatcher's linker. The bootstrap classes must already
   * be on the bootstrap class path.
   *
   * @param reporter where what happens after an apply is reported: a class that loads later and
   *                 activates a patch or cannot be patched, a transformation error
   */
  public PatchEngine(Instrumentation instrumentation, Reporter reporter) {
    this.instrumentation = instrumentation;
    this.reporter = reporter;
    this.transformer = new ScalpelTransformer(linker, reporter::error);
    Dispatcher.install(linker);
    instrumentation.addTransformer(transformer, true);
  }

  /**
   * Applies {@code next} in place of the running manifest, as a diff by patch id: new patches are
   * installed, removed ones rolled back, changed ones replaced, unchanged ones left alone.
   *
   * @param source a name for messages (the manifest's path)
   * @param folder the folder relative {@code jar:} paths resolve against
   * @throws ApplyException if any patch cannot apply; then nothing changed
   */
  public synchronized void apply(Manifest next, String source, Path folder) throws ApplyException {
    Instant now = Instant.now();
    Map<String, PatchRuntime> leaving = new LinkedHashMap<>();
    Map<String, PatchRuntime> coming = new LinkedHashMap<>();
    Map<String, PatchRuntime> result = new LinkedHashMap<>();
    for (PatchRuntime r : running.values()) {
      if (!next.patch(r.id()).map(r.patch()::equals).orElse(false)) {
        leaving.put(r.id(), r);
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<Class<?>>> loaded = loadedTargets(next);
    for (Patch p : next.patches()) {
      PatchRuntime current = running.get(p.id());
      if (current != null && current.patch().equals(p)) {
        result.put(p.id(), current);
        continue;
      }
      PatchRuntime prepared = prepare(p, folder, loaded.getOrDefault(p.target().className(), List.of()),
          PatchCheck.where(next, source, p), problems);
      if (prepared != null) {
        coming.put(p.id(), prepared);
        result.put(p.id(), prepared);
      }
    }
    if (!problems.isEmpty()) {
      throw new ApplyException(source, problems);
    }
    Set<Class<?>> touched = new LinkedHashSet<>();
    for (PatchRuntime r : coming.values()) {
      if (r.wantsPrologue(now)) {
        touched.addAll(loaded.getOrDefault(r.patch().target().className(), List.of()));
      }
    }
    install(result.values(), leaving.values(), touched, source, now);
    for (PatchRuntime r : coming.values()) {
      r.switchTo(r.wantsPrologue(now));
    }
    for (PatchRuntime r : leaving.values()) {
      r.rollBack();
    }
    uninstall(result.values(), leaving.values(), now);
    running = result;
    manifest = next;
  }

  /** The status of every patch of the running manifest, in manifest order. */
  public synchronized List<PatchStatus> status() {
    List<PatchStatus> all = new ArrayList<>();
    for (PatchRuntime r : running.values()) {
      all.add(new PatchStatus(r.id(), r.state().spelling(), r.patch().target().toString(), r.failure()));
    }
    return all;
  }

  /** The running manifest. */
  public synchronized Manifest manifest() {
    return manifest;
  }

  private PatchRuntime prepare(Patch p, Path folder, List<Class<?>> loaded, String where, List<String> problems) {
    List<PatchCheck.TargetClass> targets = new ArrayList<>();
    for (TypeDescription type : describe(p.target().className(), loaded)) {
      targets.add(new PatchCheck.TargetClass(type, locatorFor(type, loaded)));
    }
    int before = problems.size();
    FixJar jar = PatchCheck.check(p, folder, targets, where, problems);
    return problems.size() > before ? null : new PatchRuntime(p, jar, reporter);
  }

  private List<TypeDescription> describe(String className, List<Class<?>> loaded) {
    List<TypeDescription> types = new ArrayList<>();
    if (loaded.isEmpty()) {
      TypePool.Resolution r = TypePool.Default.of(ClassFileLocator.ForClassLoader.ofSystemLoader()).describe(className);
      if (r.isResolved()) {
        types.add(r.resolve());
      }
      return types;
    }
    Set<ClassLoader> seen = new java.util.HashSet<>();
    for (Class<?> c : loaded) {
      if (seen.add(c.getClassLoader())) {
        TypePool.Resolution r = TypePool.Default.of(locator(c.getClassLoader())).describe(className);
        types.add(r.isResolved() ? r.resolve() : TypeDescription.ForLoadedType.of(c));
      }
    }
    return types;
  }

  private static ClassFileLocator locatorFor(TypeDescription type, List<Class<?>> loaded) {
    return loaded.isEmpty() ? ClassFileLocator.ForClassLoader.ofSystemLoader()
        : locator(loaded.stream().filter(c -> c.getName().equals(type.getName())).findFirst().orElseThrow().getClassLoader());
  }

  private static ClassFileLocator locator(ClassLoader loader) {
    return loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader);
  }

  private Map<String, List<Class<?>>> loadedTargets(Manifest next) {
    Set<String> names = new java.util.HashSet<>();
    next.patches().forEach(p -> names.add(p.target().className()));
    running.values().forEach(r -> names.add(r.patch().target().className()));
    Map<String, List<Class<?>>> found = new HashMap<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (names.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
        found.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(c);
      }
    }
    return found;
  }

  private void install(Iterable<PatchRuntime> result, Iterable<PatchRuntime> leaving, Set<Class<?>> touched,
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
    outcomes.forEach(o -> o.patch().installed(o.className(), o.loader()));
  }

  private void uninstall(Iterable<PatchRuntime> result, Iterable<PatchRuntime> leaving, Instant now) {
    Set<String> names = new java.util.HashSet<>();
    leaving.forEach(r -> names.add(r.patch().target().className()));
    transformer.plan(planOf(result, List.of(), now));
    leaving.forEach(linker::forget);
    if (names.isEmpty()) {
      return;
    }
    Set<Class<?>> classes = new LinkedHashSet<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (names.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
        classes.add(c);
      }
    }
    List<String> problems = new ArrayList<>();
    transformer.capturing(o -> { }, () -> retransform(classes, problems));
    problems.forEach(reporter::error);
  }

  private static Map<String, List<PatchRuntime>> planOf(Iterable<PatchRuntime> result, Iterable<PatchRuntime> leaving,
      Instant now) {
    Map<String, List<PatchRuntime>> plan = new HashMap<>();
    for (Iterable<PatchRuntime> group : List.of(result, leaving)) {
      for (PatchRuntime r : group) {
        if (r.wantsPrologue(now) && r.state() != PatchRuntime.State.ROLLED_BACK) {
          plan.computeIfAbsent(r.patch().target().className(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    return plan;
  }

  private void retransform(Set<Class<?>> classes, List<String> problems) {
    if (classes.isEmpty()) {
      return;
    }
    try {
      instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
    } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
      problems.add("retransformation of " + classes + " failed, no class changed: " + e);
    }
  }
}
