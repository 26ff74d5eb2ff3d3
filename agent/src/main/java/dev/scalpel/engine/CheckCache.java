package dev.scalpel.engine;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * What one apply (or one {@code validate}) reads once and checks every patch against: patch jars
 * by path and hash, class file locators by class loader, and type pools by loader and jar. The
 * patches of a manifest often share a jar and a loader; reading, hashing and describing them again
 * for each patch made checking a 1,000-patch manifest take seconds. Not thread-safe, and not meant
 * to outlive the check it serves: classes may change between applies.
 */
final class CheckCache {

  private final Map<List<Object>, FixJar> jars = new HashMap<>();
  private final Map<ClassLoader, ClassFileLocator> locators = new HashMap<>();
  private final Map<List<Object>, TypePool> pools = new HashMap<>();

  /**
   * The verified patch jar at {@code path}, read once per path and hash.
   *
   * @throws IllegalArgumentException as {@link FixJar#load} does; a failure is not remembered
   */
  FixJar jar(Path path, String sha256) {
    List<Object> key = List.of(path, sha256.toLowerCase(Locale.ROOT));
    FixJar jar = jars.get(key);
    if (jar == null) {
      jar = FixJar.load(path, sha256);
      jars.put(key, jar);
    }
    return jar;
  }

  /** The class files {@code loader} sees (null: the bootstrap loader). */
  ClassFileLocator classes(ClassLoader loader) {
    return locators.computeIfAbsent(loader, l -> l == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
        : ClassFileLocator.ForClassLoader.of(l));
  }

  /** A pool of the classes of {@code jar} (may be null) and then of {@code classes}. */
  TypePool pool(FixJar jar, ClassFileLocator classes) {
    return pools.computeIfAbsent(Arrays.asList(jar, classes), k -> TypePool.Default.of(jar == null ? classes
        : new ClassFileLocator.Compound(jar.locator(), classes)));
  }
}
