package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise that the agent adds no warning to the application's output: Byte Buddy's
 * {@code AgentBuilder} is avoided because it reaches for {@code sun.misc.Unsafe}, which JDK 24 and
 * later warn about, and the dispatcher is defined in the bootstrap class loader instead of being
 * appended to the bootstrap class path, which would make the JVM warn that class data sharing is
 * limited to boot loader classes. The standard error of an application started with the agent may
 * hold only the agent's own log lines, and an application started from its own class data sharing
 * archive keeps loading its classes from it.
 */
final class StartupWarningsIT {

  /** Every line the application's standard error may hold: the agent's info lines. */
  private static final List<Pattern> EXPECTED = List.of(Pattern.compile("scalpel: info: .*"));

  /** The JVM's warning when something appends to the bootstrap class path. */
  private static final String SHARING_LIMITED = "Sharing is only supported for boot loader classes";

  /** Guards that the agent at start-up, applying a fix, prints no warning of its own or of the JVM's. */
  @AcrossJdks
  void startup_withAgent_stderrHoldsNoWarning(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX));

    JvmResult result = App.PRICING.runWithAgent(jdk, dir, manifest);

    assertEquals(0, result.exitCode(), result::describe);
    List<String> unexpected = result.stderrLines().stream()
        .filter(line -> EXPECTED.stream().noneMatch(p -> p.matcher(line).matches()))
        .toList();
    assertEquals(List.of(), unexpected, () -> "lines on stderr other than the expected ones\n" + result.describe());
    assertTrue(result.stderrLines().stream().anyMatch(l -> l.startsWith("scalpel: info: manifest ")),
        () -> "the agent did not say it applied the manifest\n" + result.describe());
  }

  /**
   * Guards that an application started from a class data sharing archive of its own classes keeps
   * loading them from the archive when the agent runs: appending to the bootstrap class path, as the
   * agent once did, made JDK 25 load them from the class path again.
   */
  @AcrossJdks
  void startup_fromAppArchive_keepsArchivedClasses(Jdk jdk, @TempDir Path dir) throws IOException {
    Path archive = dir.resolve("app.jsa");
    JvmResult dump = App.PRICING.runner(jdk, dir).jvmArgs("-XX:ArchiveClassesAtExit=" + archive)
        .run(App.PRICING.mainClass(), App.PRICING.args(dir));
    assertEquals(0, dump.exitCode(), dump::describe);
    assertTrue(Files.isRegularFile(archive), () -> "the JVM wrote no archive at " + archive + "\n" + dump.describe());
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX));
    Path classes = dir.resolve("class-load.log");

    JvmResult result = App.PRICING.runner(jdk, dir)
        .jvmArgs("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:class+load=info:file=" + classes,
            "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)
        .run(App.PRICING.mainClass(), App.PRICING.args(dir));

    assertEquals(0, result.exitCode(), result::describe);
    result.assertNoTransformationError();
    assertTrue(result.stderrLines().stream().noneMatch(l -> l.contains(SHARING_LIMITED)),
        () -> "the JVM limited class data sharing\n" + result.describe());
    String main = App.PRICING.mainClass() + " source: ";
    List<String> mainLoads = Files.readAllLines(classes).stream().filter(l -> l.contains(main)).toList();
    assertEquals(1, mainLoads.size(), () -> "one load of " + App.PRICING.mainClass() + " in " + classes + ": " + mainLoads);
    assertTrue(mainLoads.get(0).contains(main + "shared objects file"),
        () -> App.PRICING.mainClass() + " was not loaded from the archive " + archive + ": " + mainLoads.get(0));
  }
}
