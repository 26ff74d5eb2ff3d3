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

/** The harness itself, and the pricing app's serving mode, on the JDK running the tests. */
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
}
