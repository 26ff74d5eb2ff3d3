package dev.scalpel.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole suite in smoke mode ({@code run-benchmarks.sh --smoke --no-build}: every benchmark
 * once, no warm-up) so that a broken benchmark, harness or report fails the build. It asserts that
 * every expected benchmark and harness produced results and that each is a finite number, positive
 * where zero is impossible (a time per call, a size, a count); never how large a result is.
 */
final class SuiteSmokeIT {

  private static final Path JAR = Path.of(System.getProperty("scalpel.bench.jar", "target/benchmarks.jar"));
  private static final Path OUT = Path.of(System.getProperty("scalpel.bench.out", "target/smoke"));

  /** Every benchmark the README's tables and verdicts read; the suite may have more. */
  private static final Set<String> EXPECTED = Set.of(
      "hotpath.HotPathBenchmark.baseline", "hotpath.HotPathBenchmark.disabled", "hotpath.HotPathBenchmark.fixDirect",
      "hotpath.HotPathBenchmark.nonTargetOfPatchedClass", "hotpath.HotPathBenchmark.nonTargetUnpatched",
      "hotpath.HotPathBenchmark.redirect", "hotpath.HotPathBenchmark.redirectNoCounters",
      "hotpath.HotPathBenchmark.redirectLatencyRule",
      "hotpath.HotPathBenchmark.rollout50", "hotpath.HotPathBenchmark.rollout50NoCounters",
      "hotpath.HotPathBenchmark.rolloutFloor",
      "hotpath.HotPathBenchmark.shadow", "hotpath.HotPathBenchmark.originalCall",
      "hotpath.PeerBenchmark.adviceMethodHandle", "hotpath.PeerBenchmark.adviceReflection",
      "hotpath.PeerBenchmark.byteman", "scale.StartupBenchmark.withAgent", "scale.StartupBenchmark.withoutAgent");

  /** Live latency figures that may be 0 ms: the clock's resolution can hide a short step. */
  private static final Set<String> MAY_BE_ZERO = Set.of("agentReadMs", "agentCheckMs", "agentInstallMs",
      "agentSwitchMs", "rollbackFirstThreadMs", "rollbackAllThreadsMs", "rollbackSpreadMs", "agentRollbackSwitchMs",
      "agentUninstallMs");

  @Test
  @SuppressWarnings("unchecked")
  void smokeRun_everyBenchmarkAndHarnessProducesAResult() throws Exception {
    run(List.of("bash", "run-benchmarks.sh", "--smoke", "--no-build"), 15);

    Set<String> measured = new TreeSet<>();
    for (String file : List.of("hotpath.json", "startup.json")) {
      for (Object o : (List<Object>) Json.parse(Files.readString(OUT.resolve(file), StandardCharsets.UTF_8))) {
        Map<String, Object> b = (Map<String, Object>) o;
        Map<String, Object> primary = (Map<String, Object>) b.get("primaryMetric");
        assertFalse(((List<Object>) primary.get("rawData")).isEmpty(), b.get("benchmark") + " has no iteration");
        assertMeasured(b.get("benchmark") + " score", primary.get("score"), false);
        assertMeasured(b.get("benchmark") + " iterations", primary.get("rawData"), false);
        measured.add((String) b.get("benchmark"));
      }
    }
    assertEquals(listedBenchmarks(), measured);
    for (String name : EXPECTED) {
      assertTrue(measured.contains("dev.scalpel.bench." + name), name + " is missing from " + measured);
    }

    Map<String, Object> footprint = (Map<String, Object>) Json.parse(read("footprint.json"));
    for (Map<String, Object> c : (List<Map<String, Object>>) (List<?>) footprint.get("cases")) {
      for (String key : List.of("mainAtMs", "activeAtMs", "heapUsed", "metaspaceUsed", "classSpaceUsed", "loadedClasses")) {
        assertFalse(((List<Object>) c.get(key)).isEmpty(), "footprint " + c + " lacks " + key);
        assertMeasured("footprint " + c.get("patches") + " patches, agent " + c.get("agent") + ", " + key, c.get(key), false);
      }
    }
    Map<String, Object> live = (Map<String, Object>) Json.parse(read("live.json"));
    assertTrue(live.get("cliVersionMs") instanceof List<?> v && !v.isEmpty(), "live latency lacks cliVersionMs");
    assertMeasured("live cliVersionMs", live.get("cliVersionMs"), false);
    List<Map<String, Object>> liveCases = (List<Map<String, Object>>) (List<?>) live.get("cases");
    Set<Double> patches = new TreeSet<>();
    for (Map<String, Object> c : liveCases) {
      patches.add((Double) c.get("patches"));
      for (String key : List.of("loadedClasses", "attachCliMs", "attachAllActiveMs", "agentApplyMs", "agentReadMs", "agentCheckMs",
          "agentInstallMs", "agentSwitchMs", "rollbackCliMs", "rollbackFirstThreadMs", "rollbackAllThreadsMs",
          "rollbackSpreadMs", "agentRollbackSwitchMs", "agentUninstallMs", "agentUninstalledClasses")) {
        assertTrue(c.get(key) instanceof List<?> v && !v.isEmpty(), "live latency for " + c.get("patches") + " patches lacks " + key);
        assertMeasured("live latency for " + c.get("patches") + " patches " + key, c.get(key), MAY_BE_ZERO.contains(key));
      }
    }
    assertEquals(Set.of(1.0, 10.0), patches, "live latency's patch counts");
    Map<String, Object> cold = (Map<String, Object>) Json.parse(read("cold.json"));
    Map<String, Integer> coldGroups = new java.util.TreeMap<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) (List<?>) cold.get("cases")) {
      assertMeasured("cold path " + c.get("name"), c.get("millis"), false);
      coldGroups.merge((String) c.get("group"), 1, Integer::sum);
    }
    assertEquals(5, coldGroups.get("startup"), "cold start-up cases: " + coldGroups);
    assertTrue(coldGroups.get("commands") >= 9, "cold command cases: " + coldGroups);
    String markdown = read("RESULTS.md");
    assertFalse(markdown.contains("Not run."), markdown);
    assertTrue(Files.size(OUT.resolve("hot-path.png")) > 0);
  }

  /** Asserts that {@code value}, a number or a nested list of numbers, holds only finite numbers above (or at) zero. */
  private static void assertMeasured(String what, Object value, boolean mayBeZero) {
    if (value instanceof List<?> list) {
      assertFalse(list.isEmpty(), what + " is empty");
      list.forEach(v -> assertMeasured(what, v, mayBeZero));
      return;
    }
    assertTrue(value instanceof Number, what + " is " + value + ", not a number");
    double d = ((Number) value).doubleValue();
    assertTrue(Double.isFinite(d) && (mayBeZero ? d >= 0 : d > 0),
        what + " is " + d + ", not a finite number " + (mayBeZero ? "at or above" : "above") + " zero");
  }

  private static Set<String> listedBenchmarks() throws Exception {
    List<String> lines = run(List.of(java(), "-jar", JAR.toString(), "-l"), 2);
    return lines.stream().map(String::trim).filter(l -> l.startsWith("dev.scalpel.bench."))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String read(String file) throws IOException {
    return Files.readString(OUT.resolve(file), StandardCharsets.UTF_8);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> run(List<String> command, long minutes) throws Exception {
    Path log = Files.createTempFile("scalpel-bench-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly();
      }
      List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
      assertTrue(done && p.exitValue() == 0, String.join(" ", command) + (done ? " exited " + p.exitValue() : " timed out")
          + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
      return lines;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
