package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library compiled for Java 1.2 (Apache Commons Lang 2.4, class file version 46, from Maven
 * Central), patched at startup and by attach, including a method whose {@code finally} block is a
 * subroutine. The JVM's verification log ({@code -Xlog:verification}) shows what the patched class
 * is: the old type-inferring verifier checks a class file before version 50, the type-checking
 * one ("new format") checks the class raised to version 51; after a rollback it is the old
 * class file again.
 */
final class OldLibIT {

  static final String ABBREVIATE = "org.apache.commons.lang.StringUtils#abbreviate(java.lang.String, int)";
  static final String DESERIALIZE = "org.apache.commons.lang.SerializationUtils#deserialize(java.io.InputStream)";
  private static final String FIXES = "dev.scalpel.testapps.fixes.oldlib.OldLibFixes#";
  private static final String SERIALIZATION_UTILS = "org.apache.commons.lang.SerializationUtils";
  private static final List<String> ORIGINAL = List.of("abbreviate=Surgical hotf...", "roundtrip=scalpel");
  private static final List<String> FIXED = List.of("abbreviate=Surgical hotfix~", "roundtrip=SCALPEL");

  private static Path manifest(Path dir) {
    return ManifestFile.write(dir,
        patch("OLD-ABBREVIATE", ABBREVIATE).fix(FixJar.OLDLIB, FIXES + "abbreviate"),
        patch("OLD-DESERIALIZE", DESERIALIZE).fix(FixJar.OLDLIB, FIXES + "deserialize"));
  }

  /** Guards {@code -javaagent} on a Java 1.2 library: a plain method and one with a subroutine, whose fix calls the original. */
  @AcrossJdks
  void oldLibrary_patchedAtStartup(Jdk jdk, @TempDir Path dir) {
    App.OLDLIB.run(jdk, dir).assertSucceededWith(App.OLDLIB.unpatchedOutput());

    App.OLDLIB.runWithAgent(jdk, dir, manifest(dir)).assertSucceededWith(App.OLDLIB.outputWith(FIXED.toArray(new String[0])));
  }

  /**
   * Guards attach and rollback on a loaded Java 1.2 class: the retransformation raises it to
   * version 51, and the rollback's retransformation puts back the class file of version 46.
   */
  @AcrossJdks
  void oldLibrary_attachedThenRolledBack_isTheOldClassFileAgain(Jdk jdk, @TempDir Path dir) throws IOException {
    Path log = dir.resolve("verification.log");
    Path stop = dir.resolve("stop");
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (RunningJvm app = App.OLDLIB.runner(jdk, dir).jvmArgs("-Xlog:verification=info:file=" + log)
        .start(App.OLDLIB.mainClass(), "--serve", stop.toString())) {
      awaitResults(app, ORIGINAL);

      JvmResult attached = scalpel.attach(app.pid(), manifest(dir));
      assertEquals(Scalpel.OK, attached.exitCode(), attached::describe);
      awaitResults(app, FIXED);
      assertEquals(List.of("old", "new"), verifications(log), () -> "verification of " + SERIALIZATION_UTILS);

      JvmResult rolledBack = scalpel.rollback(app.pid(), "--all");
      assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
      awaitResults(app, ORIGINAL);
      assertEquals(List.of("old", "new", "old"), verifications(log), () -> "verification of " + SERIALIZATION_UTILS);

      Files.createFile(stop);
      JvmResult result = app.finish();
      assertEquals(0, result.exitCode(), result::describe);
      result.assertNoTransformationError();
    }
  }

  /**
   * Guards rollback after {@code -javaagent}, where the JVM kept the class file as it loaded it:
   * the class is raised as it loads and is the old class file again after the rollback.
   */
  @AcrossJdks
  void oldLibrary_patchedAtStartupThenRolledBack_isTheOldClassFileAgain(Jdk jdk, @TempDir Path dir) throws IOException {
    Path log = dir.resolve("verification.log");
    Path stop = dir.resolve("stop");
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (RunningJvm app = App.OLDLIB.runner(jdk, dir)
        .jvmArgs("-Xlog:verification=info:file=" + log, "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest(dir))
        .start(App.OLDLIB.mainClass(), "--serve", stop.toString())) {
      awaitResults(app, FIXED);
      assertEquals(List.of("new"), verifications(log), () -> "verification of " + SERIALIZATION_UTILS);

      JvmResult rolledBack = scalpel.rollback(app.pid(), "--all");
      assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
      awaitResults(app, ORIGINAL);
      assertEquals(List.of("new", "old"), verifications(log), () -> "verification of " + SERIALIZATION_UTILS);

      Files.createFile(stop);
      JvmResult result = app.finish();
      assertEquals(0, result.exitCode(), result::describe);
      result.assertNoTransformationError();
    }
  }

  /** Waits until the app's last results are {@code expected}. */
  private static void awaitResults(RunningJvm app, List<String> expected) {
    app.awaitStdout("its results are " + expected, lines -> lines.size() >= expected.size()
        && lines.subList(lines.size() - expected.size(), lines.size()).equals(expected));
  }

  /**
   * Which verifier checked each version of {@code SerializationUtils} the JVM defined, in order:
   * "old" (type inference, class files before version 50) or "new" (type checking).
   */
  private static List<String> verifications(Path log) {
    try {
      return Files.readAllLines(log).stream()
          .filter(line -> line.contains("Verifying class " + SERIALIZATION_UTILS + " with "))
          .map(line -> line.substring(line.indexOf(" with ") + 6, line.indexOf(" format")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the verification log " + log, e);
    }
  }
}
