package dev.scalpel.engine;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The engine's view of the loaded classes: finding the targeted ones, and changing them. */
final class LoadedClasses {

  // A class whose loading began before an apply listed the loaded classes is defined moments
  // later: the apply waits up to this many rounds of this long for it.
  private static final int DEFINITION_ROUNDS = 100;
  private static final long DEFINITION_PAUSE_MILLIS = 10;

  private final Instrumentation instrumentation;
  private final ClassRewriter rewriter;

  LoadedClasses(Instrumentation instrumentation, ClassRewriter rewriter) {
    this.instrumentation = instrumentation;
    this.rewriter = rewriter;
  }

  /** The modifiable loaded classes of these binary names, by name (several loaders may hold one). */
  Map<String, List<Class<?>>> loaded(Collection<String> classNames) {
    Set<String> names = new HashSet<>(classNames);
    Map<String, List<Class<?>>> found = new HashMap<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (names.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
        List<Class<?>> same = found.get(c.getName());
        if (same == null) {
          same = new ArrayList<>();
          found.put(c.getName(), same);
        }
        same.add(c);
      }
    }
    return found;
  }

  /**
   * The classes of {@code names} that loaded while an apply was staged and that {@code listed}
   * misses: their definition was still under way when the loaded classes were listed. Waits a
   * little (at most a second) for each to be defined; one that never is (its definition failed) is
   * left out.
   */
  Set<Class<?>> loadedDuring(ScalpelTransformer.Staging staging, Set<String> names, Set<Class<?>> listed) {
    Set<Class<?>> found = new LinkedHashSet<>();
    // Each class as its name and loader, looked up in a map: one pass over each list, not one over
    // the listed classes per load (a thousand patches load a thousand classes).
    Set<Defined> have = new HashSet<>();
    for (Class<?> c : listed) {
      have.add(new Defined(c.getName(), c.getClassLoader()));
    }
    Set<Defined> missing = new HashSet<>();
    for (ScalpelTransformer.Staging.Load load : staging.loads()) {
      Defined d = new Defined(load.className(), load.loader());
      if (names.contains(load.className()) && !have.contains(d)) {
        missing.add(d);
      }
    }
    for (int round = 0; !missing.isEmpty() && round < DEFINITION_ROUNDS; round++) {
      if (round > 0) {
        pause();
      }
      for (Class<?> c : instrumentation.getAllLoadedClasses()) {
        if (missing.remove(new Defined(c.getName(), c.getClassLoader()))
            && instrumentation.isModifiableClass(c)) {
          found.add(c);
        }
      }
    }
    return found;
  }

  /** A class by its binary name and defining loader, compared by the loader's identity. */
  private static final class Defined {
    private final String name;
    private final ClassLoader loader;

    Defined(String name, ClassLoader loader) {
      this.name = name;
      this.loader = loader;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Defined d && d.name.equals(name) && d.loader == loader;
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + System.identityHashCode(loader);
    }
  }

  /**
   * Runs Scalpel's transformer again over {@code classes} with the plan in force (see
   * {@link ClassRewriter}); a failure is added to {@code problems}.
   */
  void rewrite(Set<Class<?>> classes, List<String> problems) {
    rewriter.rewrite(classes, problems);
  }

  private static void pause() {
    try {
      Thread.sleep(DEFINITION_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
