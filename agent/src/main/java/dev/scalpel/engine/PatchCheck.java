package dev.scalpel.engine;

import dev.scalpel.dsl.Action;
import dev.scalpel.dsl.Location;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Mode;
import dev.scalpel.dsl.Patch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything Scalpel checks about a patch before it switches anything: what this version of the
 * agent supports, the patch jar and its hash, and each target class found so far. The agent runs it
 * before every apply; {@code scalpel validate} runs it without a JVM to patch.
 */
public final class PatchCheck {

  private PatchCheck() {}

  /** A class a patch targets, as its class file shapes it, with the classes its class loader sees. */
  record TargetClass(ClassShape type, ClassShapes classes) {}

  /**
   * Checks one patch, adding each problem to {@code problems} prefixed with {@code where}.
   *
   * @return the patch's verified jar (null if it has none), or null with problems added
   */
  static FixJar check(Patch p, Path folder, List<TargetClass> targets, String where, List<String> problems,
      CheckCache cache) {
    int before = problems.size();
    FixJar jar = null;
    if (p.action() instanceof Action.Fix fix) {
      try {
        jar = cache.jar(fix.resolveJar(folder), fix.sha256());
      } catch (IllegalArgumentException e) {
        problems.add(where + e.getMessage());
        return null;
      }
    }
    if (p.mode() != Mode.DISABLED) {
      for (TargetClass target : targets) {
        for (String problem : LinkCheck.check(p, jar, target.type(), cache.withJar(jar, target.classes()))) {
          problems.add(where + problem);
        }
      }
    }
    return problems.size() > before ? null : jar;
  }

  /** The prefix of a problem about {@code p}: {@code file:line:column: patch 'ID': }. */
  static String where(Manifest m, String source, Patch p) {
    Optional<Location> at = m.location(p.id());
    return (at.isPresent() ? at.get().toString() : source) + ": patch '" + p.id() + "': ";
  }

  /**
   * Checks a manifest outside any JVM to patch: patch jars and hashes always; with a class path,
   * also each target class, method and fix signature against the classes found there (and the
   * JDK's own).
   *
   * @param source    the manifest's name for messages
   * @param folder    the folder relative jar paths resolve against
   * @param classpath jar files and folders of the application's classes, if given
   * @return every problem, one line each; empty if the agent would accept the manifest
   */
  public static List<String> validate(Manifest manifest, String source, Path folder, Optional<List<Path>> classpath) {
    List<String> problems = new ArrayList<>();
    ClassShapes classes = classpath.isPresent() ? new ClassShapes(ClassPathFiles.of(classpath.get())) : null;
    CheckCache cache = new CheckCache();
    for (Patch p : manifest.patches()) {
      String where = where(manifest, source, p);
      List<TargetClass> targets = new ArrayList<>();
      if (classes != null) {
        ClassShape type = classes.find(p.target().className());
        if (type != null) {
          targets.add(new TargetClass(type, classes));
        } else {
          problems.add(where + "class " + p.target().className() + " is not on the class path");
        }
      }
      check(p, folder, targets, where, problems, cache);
    }
    return problems;
  }
}
