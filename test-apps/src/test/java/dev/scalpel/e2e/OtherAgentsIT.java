package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other agents on the same method: the real OpenTelemetry Java agent traces
 * {@code PriceCalculator#total} while Scalpel patches it, in both {@code -javaagent} orders and by
 * attach, and a third agent (Byte Buddy advice, by retransformation) instruments it too. The fix
 * must run inside the other agents' instrumentation: the method keeps producing its spans while
 * the fix answers, through the third agent's retransformation and through rollback, after which
 * both other agents' code is still there.
 */
final class OtherAgentsIT {

  private static final String SPAN = "LoggingSpanExporter - 'PriceCalculator.total'";
  private static final String THIRD_AGENT_CALLS = "third agent: calls=";
  // Each agent's start-up is slow on a loaded two-core machine; OpenTelemetry's alone takes seconds.
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String BUGGY = "order 1042: 3 x 2.675 = 8.02 (expected 8.03) WRONG";
  private static final String FIXED = "order 1042: 3 x 2.675 = 8.03 (expected 8.03) ok";

  private static List<String> openTelemetry() {
    return List.of("-javaagent:" + Artifacts.existingFile("scalpel.otel.agent.jar"),
        "-Dotel.traces.exporter=logging", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
        "-Dotel.instrumentation.methods.include=dev.scalpel.testapps.pricing.PriceCalculator[total]",
        "-Dotel.bsp.schedule.delay=100");
  }

  private static Path manifest(Path dir) {
    return ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX));
  }

  private static RunningJvm serve(Jdk jdk, Path dir, List<String> jvmArgs) {
    return App.PRICING.runner(jdk, dir).timeout(TIMEOUT).jvmArgs(jvmArgs.toArray(new String[0]))
        .start(App.PRICING.mainClass(), "--serve", dir.resolve("stop").toString());
  }

  private static long spans(RunningJvm app) {
    return app.stderrLines().stream().filter(l -> l.contains(SPAN)).count()
        + app.stdoutLines().stream().filter(l -> l.contains(SPAN)).count();
  }

  /** The last order line the app printed: it prints one whenever the total changes. */
  private static String lastOrder(RunningJvm app) {
    List<String> orders = app.stdoutLines().stream().filter(l -> l.startsWith("order 1042:")).toList();
    return orders.isEmpty() ? "" : orders.get(orders.size() - 1);
  }

  // Spans keep coming while the app answers `order`: the traced method is not dark.
  private static void awaitSpansWhile(RunningJvm app, String order, String when) {
    long before = spans(app);
    app.await("five more spans " + when + " while the app prints '" + order + "'",
        () -> spans(app) >= before + 5 && lastOrder(app).equals(order), () -> "");
    assertEquals(order, lastOrder(app), () -> "the answer changed " + when + "\n" + app.stdoutLines());
  }

  private static void loadThirdAgent(RunningJvm app) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
    try {
      vm.loadAgent(Artifacts.existingFile("scalpel.third.agent.jar").toString(),
          "dev.scalpel.testapps.pricing.PriceCalculator#total");
    } finally {
      vm.detach();
    }
    app.awaitStdoutLine("third agent: retransformed dev.scalpel.testapps.pricing.PriceCalculator");
  }

  private static long thirdAgentCalls(RunningJvm app) {
    List<String> counts = app.stdoutLines().stream().filter(l -> l.startsWith(THIRD_AGENT_CALLS)).toList();
    return counts.isEmpty() ? 0 : Long.parseLong(counts.get(counts.size() - 1).substring(THIRD_AGENT_CALLS.length()));
  }

  /**
   * The whole life of a patch beside two other agents: spans while fixed, a third agent's
   * retransformation that keeps the fix and the spans, rollback to the original with both other
   * agents' code still there.
   */
  private static void patchedAmongAgents(Jdk jdk, Path dir, RunningJvm app, Scalpel scalpel) throws Exception {
    app.awaitStdoutLine(FIXED);
    awaitSpansWhile(app, FIXED, "after the fix applied");

    loadThirdAgent(app);
    awaitSpansWhile(app, FIXED, "after a third agent retransformed the class");
    long calls = thirdAgentCalls(app);
    app.await("the third agent counts calls while the fix answers", () -> thirdAgentCalls(app) > calls, () -> "");

    JvmResult rolledBack = scalpel.rollback(app.pid(), "PRICE-1");
    assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
    app.awaitStdoutLine(BUGGY);
    awaitSpansWhile(app, BUGGY, "after the rollback");
    long afterRollback = thirdAgentCalls(app);
    app.await("the third agent still counts calls after the rollback", () -> thirdAgentCalls(app) > afterRollback,
        () -> "");

    Files.createFile(dir.resolve("stop"));
    JvmResult result = app.finish();
    assertEquals(0, result.exitCode(), result::describe);
    result.assertNoTransformationError();
  }

  /** Guards the order in which a traced method went dark: OpenTelemetry's agent loaded first. */
  @AcrossJdks
  void otherAgents_openTelemetryFirst_fixRunsInsideSpans(Jdk jdk, @TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(openTelemetry());
    args.add(1, "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest(dir));
    try (RunningJvm app = serve(jdk, dir, args)) {
      patchedAmongAgents(jdk, dir, app, Scalpel.on(jdk, dir));
    }
  }

  /** Scalpel's agent loaded first, OpenTelemetry's second. */
  @AcrossJdks
  void otherAgents_scalpelFirst_fixRunsInsideSpans(Jdk jdk, @TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest(dir)));
    args.addAll(openTelemetry());
    try (RunningJvm app = serve(jdk, dir, args)) {
      patchedAmongAgents(jdk, dir, app, Scalpel.on(jdk, dir));
    }
  }

  /** Scalpel attached to a JVM that OpenTelemetry's agent has traced since it started. */
  @AcrossJdks
  void otherAgents_attachAfterOpenTelemetry_fixRunsInsideSpans(Jdk jdk, @TempDir Path dir) throws Exception {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (RunningJvm app = serve(jdk, dir, openTelemetry())) {
      app.awaitStdoutLine(BUGGY);
      awaitSpansWhile(app, BUGGY, "before the attach");
      JvmResult attached = scalpel.attach(app.pid(), manifest(dir));
      assertEquals(Scalpel.OK, attached.exitCode(), attached::describe);
      patchedAmongAgents(jdk, dir, app, scalpel);
    }
  }
}
