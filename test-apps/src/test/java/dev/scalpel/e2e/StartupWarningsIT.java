package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise that the agent adds no warning to the application's output: Byte Buddy's
 * {@code AgentBuilder} is avoided because it reaches for {@code sun.misc.Unsafe}, which JDK 24 and
 * later warn about. The standard error of an application started with the agent may hold only
 * the agent's own log lines and the JVM's one known class data sharing note.
 */
final class StartupWarningsIT {

  /**
   * Every line the application's standard error may hold: the agent's info lines, and the JVM's
   * note that appending to the bootstrap class path limits class data sharing (the README names it).
   */
  private static final List<Pattern> EXPECTED = List.of(
      Pattern.compile("scalpel: info: .*"),
      Pattern.compile("OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes"
          + " because bootstrap classpath has been appended"));

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
}
