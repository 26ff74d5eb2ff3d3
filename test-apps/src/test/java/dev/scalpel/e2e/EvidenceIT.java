package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence a patch gathers on its two paths, read from a running agent in a separate JVM: the
 * threads app calls {@code Answer#of} on 10 platform threads, a {@code when} guard sends even keys
 * to the fix and odd keys to the original, and {@code status} shows exact calls per path, the
 * original's errors, and sampled latencies of both paths.
 */
final class EvidenceIT {

  private static final String APP = "dev.scalpel.testapps.threads.ThreadsApp";
  private static final String TARGET = "dev.scalpel.testapps.threads.Answer#of(int)";
  private static final String FIXES = "dev.scalpel.testapps.fixes.targets.AnswerFixes";
  private static final int CALLS = 200_000;

  /**
   * Guards the evidence in {@code status --json} and {@code status}: calls per path stay exact
   * while samples of both paths are timed (a sample's call back of the original is not counted
   * again), {@code errors.original} is a count rather than null, and {@code latency} holds
   * percentiles of both paths over the 60 s window.
   */
  @AcrossJdks
  void status_whenGuardUnderLoad_showsBothPathsEvidence(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, patch("EV-1", TARGET)
        .fix(FixJar.TARGETS, FIXES + "#of")
        .when(FIXES + "#evenKey"));
    JvmRunner runner = new JvmRunner(jdk, dir).classpath(List.of(Artifacts.appsJar()))
        .jvmArgs(Serving.agent(manifest));
    Scalpel scalpel = Scalpel.on(jdk, dir);

    try (RunningJvm app = runner.start(APP, "platform", String.valueOf(CALLS))) {
      app.awaitStdoutLine("ready");
      AtomicReference<String> json = new AtomicReference<>("");
      app.await("status --json showing latency samples of both paths (the agent's clock ticks the window"
          + " once a second)", () -> {
            json.set(scalpel.statusJson(app.pid()).json());
            Map<String, Object> latency = map(firstPatch(json.get()), "latency");
            return samples(latency, "fixed") > 0 && samples(latency, "original") > 0;
          }, json::get);

      Map<String, Object> patch = firstPatch(json.get());
      assertEquals(Map.of("fixed", (long) CALLS / 2, "original", (long) CALLS / 2), map(patch, "calls"), json::get);
      Map<String, Object> errors = map(patch, "errors");
      assertEquals(0L, errors.get("original"), () -> "errors.original is counted, and the original never throws: "
          + json.get());
      assertEquals(0L, errors.get("fixed"), json::get);
      Map<String, Object> latency = map(patch, "latency");
      assertEquals("60s", latency.get("window"), json::get);
      for (String path : List.of("fixed", "original")) {
        Map<String, Object> figures = map(latency, path);
        long p50 = (Long) figures.get("p50");
        long p99 = (Long) figures.get("p99");
        long max = (Long) figures.get("max");
        assertTrue(0 < max && p50 <= p99 && p99 <= max, () -> path + ": 0 < max, p50 <= p99 <= max: " + json.get());
      }

      JvmResult human = scalpel.status(app.pid());
      assertEquals(Scalpel.OK, human.exitCode(), human::describe);
      for (String path : List.of("fixed", "original")) {
        assertTrue(human.stdoutLines().stream().anyMatch(l -> l.matches("\\s+latency " + path + " +p50=\\S+ p99=\\S+ max=\\S+ \\(\\d+ sampled calls, last 60 s\\)")),
            () -> "a latency line for the " + path + " path:\n" + human.describe());
      }
      app.closeStdin();
      JvmResult result = app.finish();
      assertEquals(0, result.exitCode(), result::describe);
      result.assertNoTransformationError();
    }
  }

  /**
   * Guards the exact count of the original's exceptions: a {@code when} guard sends the odd keys of
   * 60,000 calls from 4 threads to an original that throws for multiples of 3, so exactly the 10,000
   * odd multiples of 3 throw there, and {@code errors.original} is 10,000, sampled calls included
   * and none counted twice. (It used to count the sampled calls' exceptions only.)
   */
  @AcrossJdks
  void status_whenSendsThrowingCallsToTheOriginal_countsEachException(Jdk jdk, @TempDir Path dir) {
    int calls = 60_000;
    Path manifest = ManifestFile.write(dir, patch("EV-2", "dev.scalpel.testapps.threads.Strict#of(int)")
        .fix(FixJar.TARGETS, FIXES + "#of")
        .when(FIXES + "#evenKey"));
    JvmRunner runner = new JvmRunner(jdk, dir).classpath(List.of(Artifacts.appsJar()))
        .jvmArgs(Serving.agent(manifest));
    Scalpel scalpel = Scalpel.on(jdk, dir);

    try (RunningJvm app = runner.start("dev.scalpel.testapps.threads.StrictApp", String.valueOf(calls))) {
      app.awaitStdoutLine("ready");
      assertTrue(app.stdoutLines().contains("thrown=" + calls / 6), () -> "the app saw " + calls / 6
          + " exceptions, the odd multiples of 3: " + app.stdoutLines());
      String json = scalpel.statusJson(app.pid()).json();

      Map<String, Object> patch = firstPatch(json);
      assertEquals(Map.of("fixed", (long) calls / 2, "original", (long) calls / 2), map(patch, "calls"), () -> json);
      Map<String, Object> errors = map(patch, "errors");
      assertEquals((long) calls / 6, errors.get("original"), () -> json);
      assertEquals(0L, errors.get("fixed"), () -> json);
      app.closeStdin();
      JvmResult result = app.finish();
      assertEquals(0, result.exitCode(), result::describe);
      result.assertNoTransformationError();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstPatch(String json) {
    return (Map<String, Object>) ((List<Object>) Json.readObject(json).get("patches")).get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> in, String key) {
    Object value = in.get(key);
    if (!(value instanceof Map)) {
      throw new AssertionError("'" + key + "' is not an object: " + in);
    }
    return (Map<String, Object>) value;
  }

  private static long samples(Map<String, Object> latency, String path) {
    return (Long) map(latency, path).get("samples");
  }
}
