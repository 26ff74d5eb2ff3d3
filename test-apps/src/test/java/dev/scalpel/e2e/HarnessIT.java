package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The harness itself, and the pricing app's serving and load modes, on the JDK running the tests. */
final class HarnessIT {

  private static final Jdk CURRENT = Jdk.at(Path.of(System.getProperty("java.home"))).orElseThrow();
  private static final List<String> SERVED = List.of(
      "serving order 1042 every 100 ms",
      "order 1042: 3 x 2.675 = 8.02 (expected 8.03) WRONG",
      "stopped");

  /** Guards that a run reports the exit code and both streams apart. */
  @Test
  void run_capturesExitCodeAndStreams(@TempDir Path dir) {
    JvmResult result = App.ZOO.runner(CURRENT, dir).run(App.ZOO.mainClass());

    assertEquals(2, result.exitCode(), result::describe);
    assertEquals("", result.stdout(), result::describe);
    assertEquals(List.of("usage: TargetZoo PLUGIN_JAR LEGACY_DIR"), result.stderrLines(), result::describe);
  }

  /** Guards that a program still running at its timeout is killed and fails the test with its output. */
  @Test
  void finish_timeoutKillsAndFails(@TempDir Path dir) {
    try (RunningJvm jvm = App.PRICING.runner(CURRENT, dir).timeout(Duration.ofSeconds(3))
        .start(App.PRICING.mainClass(), "--serve")) {
      jvm.awaitStdoutLine(SERVED.get(1));

      AssertionFailedError failure = assertThrows(AssertionFailedError.class, jvm::finish);

      assertTrue(failure.getMessage().startsWith("timed out after PT3S; killed"), failure.getMessage());
      assertTrue(failure.getMessage().contains(SERVED.get(1)), failure.getMessage());
      assertFalse(jvm.isAlive());
    }
  }

  /** Guards the serving mode's first way to stop: its standard input closes. */
  @Test
  void serve_stopsWhenStdinCloses(@TempDir Path dir) {
    App.PRICING.runner(CURRENT, dir).run(App.PRICING.mainClass(), "--serve").assertSucceededWith(SERVED);
  }

  /** Guards the serving mode's second way to stop: its stop file appears. */
  @Test
  void serve_stopsWhenStopFileAppears(@TempDir Path dir) throws IOException {
    Path stopFile = dir.resolve("stop");
    try (RunningJvm jvm = App.PRICING.runner(CURRENT, dir)
        .start(App.PRICING.mainClass(), "--serve", stopFile.toString())) {
      jvm.awaitStdoutLine(SERVED.get(1));
      Files.createFile(stopFile);

      jvm.finish().assertSucceededWith(SERVED);
    }
  }

  /** Guards the load mode's clean run: it stops when standard input closes, after a first result. */
  @Test
  void load_stopsWhenStdinCloses(@TempDir Path dir) {
    JvmResult result = App.PRICING.runner(CURRENT, dir)
        .run(App.PRICING.mainClass(), "--load", "2", dir.resolve("stop").toString());

    PricingUnderLoad.Summary summary = PricingUnderLoad.summaryOf(result);
    assertEquals(0, result.exitCode(), result::describe);
    assertEquals(List.of("pricing order 1042 on 2 threads", PricingUnderLoad.BUGGY),
        result.stdoutLines().subList(0, 2), result::describe);
    assertEquals(3, result.stdoutLines().size(), result::describe);
    assertEquals(new PricingUnderLoad.Summary(summary.calls(), summary.calls(), 0, 0, 0), summary);
    assertTrue(summary.calls() >= 2, result::describe);
  }

  /** Guards the load's verdict on a result that is neither total: counted, reported, exit code 1. */
  @Test
  void load_failsOnAnyOtherResult(@TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, Patch.patch("OTHER", PricingIT.TOTAL).returns("9.99"));

    JvmResult result = loadWithAgent(dir, manifest);

    PricingUnderLoad.Summary summary = PricingUnderLoad.summaryOf(result);
    assertEquals(1, result.exitCode(), result::describe);
    assertEquals(new PricingUnderLoad.Summary(summary.calls(), 0, 0, summary.calls(), 0), summary);
    result.assertStderrLineContains("unexpected total 9.99 in thread load-");
  }

  /** Guards the load's verdict on an exception in a calling thread: counted, reported, exit code 1. */
  @Test
  void load_failsOnException(@TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        Patch.patch("THROWS", PricingIT.TOTAL).throwing("java.lang.IllegalStateException", "no price"));

    JvmResult result = loadWithAgent(dir, manifest);

    PricingUnderLoad.Summary summary = PricingUnderLoad.summaryOf(result);
    assertEquals(1, result.exitCode(), result::describe);
    assertEquals(new PricingUnderLoad.Summary(summary.calls(), 0, 0, 0, summary.calls()), summary);
    result.assertStderrLineContains("exception in thread load-");
    result.assertStderrLineContains("java.lang.IllegalStateException: no price");
  }

  private static JvmResult loadWithAgent(Path dir, Path manifest) {
    JvmResult result = App.PRICING.runner(CURRENT, dir)
        .jvmArgs("-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)
        .run(App.PRICING.mainClass(), "--load", "2", dir.resolve("stop").toString());
    result.assertNoTransformationError();
    return result;
  }
}
