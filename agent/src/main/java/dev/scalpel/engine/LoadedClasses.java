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
        found.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(c);
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
    List<ScalpelTransformer.Staging.Load> missing = new ArrayList<>();
    for (ScalpelTransformer.Staging.Load load : staging.loads()) {
      if (names.contains(load.className()) && listed.stream()
          .noneMatch(c -> c.getName().equals(load.className()) && c.getClassLoader() == load.loader())) {
        missing.add(load);
      }
    }
    for (int round = 0; !missing.isEmpty() && round < DEFINITION_ROUNDS; round++) {
      if (round > 0) {
        pause();
      }
      for (Class<?> c : instrumentation.getAllLoadedClasses()) {
        if (missing.removeIf(l -> l.className().equals(c.getName()) && l.loader() == c.getClassLoader())
            && instrumentation.isModifiableClass(c)) {
          found.add(c);
        }
      }
    }
    return found;
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
