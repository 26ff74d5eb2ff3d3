package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot executable jar built by spring-boot-maven-plugin: the application's class sits in
 * {@code BOOT-INF/classes} and a library in a jar nested in {@code BOOT-INF/lib}, both loaded by
 * the launcher's class loader that the system class loader cannot see, and the fix names types of
 * both.
 */
final class BootJarIT {

  static final String GREET = "dev.scalpel.testapps.boot.Greeter#greet(java.lang.String)";
  static final String DUMP = "org.yaml.snakeyaml.Yaml#dump(java.lang.Object)";
  static final String LOADER = "loader=org.springframework.boot.loader.launch.LaunchedClassLoader";
  static final String GREETING = "greeting=hello, ada";
  static final String GREETING_FIXED = "greeting=hello, Ada";
  static final String YAML = "yaml={name: scalpel}";
  static final String YAML_FIXED = "yaml=# fixed {name: scalpel}";

  private static Path bootJar() {
    return Artifacts.existingFile("scalpel.boot.jar");
  }

  private static Path manifest(Path dir) {
    Path fix = Artifacts.existingFile("scalpel.fix.boot.jar");
    String sha = FixJar.sha256(fix);
    return ManifestFile.write(dir,
        patch("BOOT-1", GREET).fix("dev.scalpel.testapps.boot.fixes.BootFixes#greet", fix.toString(), sha),
        patch("BOOT-2", DUMP).fix("dev.scalpel.testapps.boot.fixes.BootFixes#dump", fix.toString(), sha));
  }

  /** Guards patches at start-up on a class of the executable jar and on one of a jar nested in it. */
  @AcrossJdks
  void bootJar_javaagent_patchesOwnAndNestedClasses(Jdk jdk, @TempDir Path dir) {
    new JvmRunner(jdk, dir).runJar(bootJar()).assertSucceededWith(List.of(LOADER, GREETING, YAML));

    JvmResult patched = new JvmRunner(jdk, dir)
        .jvmArgs("-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest(dir))
        .runJar(bootJar());
    patched.assertSucceededWith(List.of(LOADER, GREETING_FIXED, YAML_FIXED));
    patched.assertNoTransformationError();
    patched.assertStderrLineContains("patch 'BOOT-1' active in dev.scalpel.testapps.boot.Greeter in ",
        "LaunchedClassLoader");
    patched.assertStderrLineContains("patch 'BOOT-2' active in org.yaml.snakeyaml.Yaml in ", "LaunchedClassLoader");
  }

  /**
   * Guards attach into a running executable jar: both patches apply, and rolling back the nested
   * library's patch leaves the application class's patch in force.
   */
  @AcrossJdks
  void bootJar_attach_rollbackOneLeavesTheOther(Jdk jdk, @TempDir Path dir) throws Exception {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    Path manifest = manifest(dir);
    Path stop = dir.resolve("stop");
    try (RunningJvm app = new JvmRunner(jdk, dir).startJar(bootJar(), "--serve",
        stop.toString())) {
      app.awaitStdoutLine(YAML);

      JvmResult attached = scalpel.attach(app.pid(), manifest);
      assertEquals(Scalpel.OK, attached.exitCode(), attached::describe);
      app.awaitStdout("it printed both fixed lines", l -> l.contains(GREETING_FIXED) && l.contains(YAML_FIXED));
      assertEquals(List.of("BOOT-1 active", "BOOT-2 active"), scalpel.statusJson(app.pid()).states());

      JvmResult rolledBack = scalpel.rollback(app.pid(), "BOOT-2");
      assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
      app.awaitStdout("it printed the original YAML line again after the fixed one",
          l -> l.lastIndexOf(YAML) > l.indexOf(YAML_FIXED) && l.indexOf(YAML_FIXED) >= 0);
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("BOOT-1 active", "BOOT-2 rolled-back"), status.states(), status::json);
      long before = status.patch("BOOT-1").callsFixed();
      app.await("the application's patch keeps answering", () -> scalpel.statusJson(app.pid())
          .patch("BOOT-1").callsFixed() > before, () -> "");
      List<String> greetings = app.stdoutLines().stream().filter(l -> l.startsWith("greeting=")).toList();
      assertEquals(List.of(GREETING, GREETING_FIXED), greetings,
          () -> "the greeting must change once, to the fix, and stay fixed\n" + app.stdoutLines());

      Files.createFile(stop);
      JvmResult result = app.finish();
      assertEquals(0, result.exitCode(), result::describe);
      result.assertNoTransformationError();
    }
  }

  /** Guards {@code validate --classpath} reading targets inside an executable jar and its nested jars. */
  @AcrossJdks
  void bootJar_validateClasspath_readsNestedJars(Jdk jdk, @TempDir Path dir) {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    Path manifest = manifest(dir);
    JvmResult valid = scalpel.run("validate", manifest.toString(), "--classpath", bootJar().toString());
    assertEquals(List.of(manifest + ": valid, 2 patches, checked against the class path"), valid.stdoutLines(),
        valid::describe);

    Path fix = Artifacts.existingFile("scalpel.fix.boot.jar");
    Path wrong = ManifestFile.writeTo(dir.resolve("wrong.yaml"), ManifestFile.yaml(
        patch("BOOT-1", "dev.scalpel.testapps.boot.Greeter#greet(int)")
            .fix("dev.scalpel.testapps.boot.fixes.BootFixes#greet", fix.toString(), FixJar.sha256(fix)),
        patch("BOOT-3", "org.yaml.snakeyaml.NoSuchClass#dump(java.lang.Object)").returns("null")));
    JvmResult invalid = scalpel.run("validate", wrong.toString(), "--classpath", bootJar().toString());
    assertEquals(Scalpel.REFUSED, invalid.exitCode(), invalid::describe);
    assertEquals(List.of(
        wrong + ":3:9: patch 'BOOT-1': class dev.scalpel.testapps.boot.Greeter has no method greet(int);"
            + " it has [greet(java.lang.String)]",
        wrong + ":8:9: patch 'BOOT-3': class org.yaml.snakeyaml.NoSuchClass is not on the class path"),
        invalid.stderrLines(), invalid::describe);
  }
}
