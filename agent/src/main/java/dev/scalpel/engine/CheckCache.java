package dev.scalpel.engine;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one apply (or one {@code validate}) reads once and checks every patch against: patch jars
 * by path and hash, and class shapes by class loader and jar. The patches of a manifest often share
 * a jar and a loader; reading, hashing and describing them again for each patch made checking a
 * 1,000-patch manifest take seconds. Not thread-safe, and not meant to outlive the check it serves:
 * classes may change between applies.
 */
final class CheckCache {

  private final Map<List<Object>, FixJar> jars = new HashMap<>();
  private final Map<ClassLoader, ClassShapes> loaders = new HashMap<>();
  private final Map<List<Object>, ClassShapes> withJars = new HashMap<>();

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

  /** The classes {@code loader} sees (null: the bootstrap loader), each read once. */
  ClassShapes classes(ClassLoader loader) {
    ClassShapes shapes = loaders.get(loader);
    if (shapes == null) {
      shapes = new ClassShapes(ClassFiles.of(loader));
      loaders.put(loader, shapes);
    }
    return shapes;
  }

  /** The classes of {@code jar} (may be null: then {@code classes} itself), and then of {@code classes}. */
  ClassShapes withJar(FixJar jar, ClassShapes classes) {
    if (jar == null) {
      return classes;
    }
    List<Object> key = Arrays.asList(jar, classes);
    ClassShapes shapes = withJars.get(key);
    if (shapes == null) {
      shapes = new ClassShapes(jar.classFiles(), classes);
      withJars.put(key, shapes);
    }
    return shapes;
  }
}
