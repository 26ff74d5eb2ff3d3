package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The safety net in a JVM under load from several threads: {@code autoRollback} takes a fix out
 * when it misbehaves and never when it does not, and {@code progress} steps the rollout up until a
 * fault stops it. Faults are injected through a file that {@code FaultyFixes} reads.
 *
 * <p>Its tests run one after another (each {@code SAME_THREAD} as its class), beside the other
 * end-to-end classes rather than after them:
 * most of their time is spent waiting for windows to fill, and their verdicts do not depend on the
 * machine being idle (the latency rules compare both paths in the same window).
 */
@Execution(ExecutionMode.CONCURRENT)
final class SafetyNetIT {

  static final String FAULTY = "dev.scalpel.testapps.fixes.pricing.FaultyFixes#total";
  private static final String ALWAYS_FAILING = "dev.scalpel.testapps.fixes.pricing.FaultyFixes#failing";
  private static final String FIRST_TWENTY = "dev.scalpel.testapps.fixes.pricing.FaultyFixes#firstTwenty";
  // Generous for a loaded 2-core machine: each wait is for one state change of the agent.
  private static final Duration WAIT = Duration.ofSeconds(120);
  /** For the latency rule's 90 s window, which must run its whole length before a verdict. */
  private static final Duration LONG_WAIT = Duration.ofSeconds(240);

  /**
   * A fix that starts throwing on 20% of calls trips its 2% error-rate rule: the original code
   * answers again, status says tripped and names the rule, and the audit log, which verifies,
   * records patch-tripped with the figures. A hot reload that keeps the patch unchanged leaves it
   * out; an explicit attach of the same manifest applies it again.
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void autoRollback_fixStartsFailing_tripsUntilExplicitAttach(Jdk jdk, @TempDir Path dir) {
    Path fault = dir.resolve("fault");
    Patch tripping = patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, FAULTY)
        .autoRollback("maxErrorRate: 2%", "minCalls: 100", "window: 5s");
    Path manifest = ManifestFile.write(dir, tripping);
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (PricingUnderLoad app = start(jdk, dir, manifest, fault)) {
      app.awaitResults(PricingUnderLoad.FIXED);

      write(fault, "fail 20");
      AuditTrail.Entry trip = awaitEvent(app, audit, "patch-tripped", 1);
      app.awaitResults(PricingUnderLoad.BUGGY);

      assertEquals("patch-tripped PRICE-1 tripped", trip.summary(), audit::describe);
      assertTrue(trip.error().matches("error rate \\d+(\\.\\d)?% over \\d+ calls > 2%"), audit::describe);
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 tripped"), status.states(), status::json);
      assertEquals(trip.error(), autoRollback(status, "PRICE-1").get("tripped"), status::json);

      write(fault, "");
      ManifestFile.write(dir, ManifestFile.yaml(tripping,
          patch("CART-1", "dev.scalpel.testapps.pricing.Cart#toString()").returns("\"cart\"").mode("disabled")));
      awaitEvent(app, audit, "manifest-applied", 2);
      AgentStatus reloaded = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 tripped", "CART-1 disabled"), reloaded.states(), reloaded::json);

      JvmResult attach = scalpel.attach(app.pid(), manifest);
      assertEquals(Scalpel.OK, attach.exitCode(), attach::describe);
      app.awaitResults(PricingUnderLoad.FIXED);
      AgentStatus rearmed = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active", "CART-1 disabled"), rearmed.states(), rearmed::json);

      PricingUnderLoad.Summary summary = app.stopAfterFaults();
      assertTrue(summary.exceptions() > 0, () -> "no call threw before the trip: " + summary);
    }
    assertEquals(1, events(audit, "patch-tripped").size(), audit::describe);
    assertVerifies(scalpel, audit);
  }

  /**
   * A hot reload that changes a tripped patch (here its {@code reason}) re-arms it, as an explicit
   * attach does: the fix answers again, status says active with no trip, and the audit log records
   * the new version's activation, with the new reason, on a chain that verifies.
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void autoRollback_trippedPatchChangedByReload_rearmed(Jdk jdk, @TempDir Path dir) {
    Path fault = dir.resolve("fault");
    Patch tripping = patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, FAULTY).reason("first try")
        .autoRollback("maxErrorRate: 2%", "minCalls: 100", "window: 5s");
    Path manifest = ManifestFile.write(dir, tripping);
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (PricingUnderLoad app = start(jdk, dir, manifest, fault)) {
      app.awaitResults(PricingUnderLoad.FIXED);
      write(fault, "fail 20");
      awaitEvent(app, audit, "patch-tripped", 1);
      app.awaitResults(PricingUnderLoad.BUGGY);

      write(fault, "");
      ManifestFile.write(dir, tripping.reason("fault found and fixed"));
      // The first two: pending at start, active once the class loaded.
      AuditTrail.Entry rearmed = awaitEvent(app, audit, "patch-activated", 3);
      app.awaitResults(PricingUnderLoad.FIXED);

      assertEquals("patch-activated PRICE-1 active", rearmed.summary(), audit::describe);
      assertEquals("fault found and fixed", rearmed.fields().get("reason"), audit::describe);
      assertTrue(events(audit, "manifest-applied").get(1).line() < rearmed.line(), audit::describe);
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertNull(autoRollback(status, "PRICE-1").get("tripped"), status::json);
      app.stopAfterFaults();
    }
    assertEquals(1, events(audit, "patch-tripped").size(), audit::describe);
    assertVerifies(scalpel, audit);
  }

  /**
   * A trip while the audit log cannot be written (its file system is full) still takes the fix
   * out: the original answers, status says tripped with the rule, and the agent's log says
   * {@code AUDIT RECORD MISSING} naming the trip and the patch, so that the record can be added
   * by hand; the log holds no partial record and its chain verifies. A patch's records here are
   * longer than a page (a long {@code reason}), so the trip's record cannot fit into what is left
   * of the log's last page.
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void autoRollback_tripWhileAuditLogFull_tripsAndSaysRecordMissing(Jdk jdk, @TempDir Path dir) {
    try (SmallTmpfs tmpfs = SmallTmpfs.mount(dir.resolve("audit-fs"))) {
      Path fault = dir.resolve("fault");
      Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, FAULTY)
          .reason("x".repeat(5000)).autoRollback("maxErrorRate: 2%", "minCalls: 100", "window: 5s"));
      AuditTrail audit = new AuditTrail(tmpfs.root().resolve("audit.jsonl"));
      Scalpel scalpel = Scalpel.on(jdk, dir);
      try (PricingUnderLoad app = start(jdk, dir, manifest, fault, WAIT, "audit=" + audit.file())) {
        app.awaitResults(PricingUnderLoad.FIXED);
        audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
            "patch-activated PRICE-1 active");
        tmpfs.fill();

        write(fault, "fail 20");
        String missing = "scalpel: error: AUDIT RECORD MISSING: the trip of PRICE-1 took effect, but the audit log "
            + audit.file() + " could not record it (";
        String tripped = "scalpel: error: patch 'PRICE-1' tripped its autoRollback rule (error rate ";
        // The agent logs the missing record first, then the trip.
        app.jvm().await("the agent logged the trip",
            () -> app.jvm().stderrLines().stream().anyMatch(line -> line.startsWith(tripped)), audit::describe);
        app.awaitResults(PricingUnderLoad.BUGGY);

        List<String> stderr = app.jvm().stderrLines();
        String warning = stderr.stream().filter(line -> line.startsWith(missing)).findFirst()
            .orElseThrow(() -> new AssertionError("no line '" + missing + "...' in\n" + String.join("\n", stderr)));
        assertTrue(warning.endsWith("); the patches stay out. Free the audit log's file system and record the trip"
            + " by hand"), warning);
        AgentStatus status = scalpel.statusJson(app.pid());
        assertEquals(List.of("PRICE-1 tripped"), status.states(), status::json);
        assertTrue(String.valueOf(autoRollback(status, "PRICE-1").get("tripped"))
            .matches("error rate \\d+(\\.\\d)?% over \\d+ calls > 2%"), status::json);
        audit.assertNoMore();
        app.stopAfterFaults();
      }
      assertVerifies(scalpel, audit);
    }
  }

  /**
   * A fix at least ten times slower than the original (it sleeps two milliseconds; the original takes
   * microseconds), at a 50% rollout so that the original's latency is measured in the same window,
   * trips {@code maxLatency: 3x}: the audit names both p99s, and the original answers again. The
   * window is long enough for a hundred timed calls of the slow fix: four threads call it about
   * 1,900 times a second, and a patch with a latency rule times one call in 64 (it was one in
   * 1,024, which gave about 160 in 90 s).
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void autoRollback_fixTenTimesSlower_tripsLatencyRule(Jdk jdk, @TempDir Path dir) {
    Path fault = dir.resolve("fault");
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, FAULTY)
        .rollout("50%").autoRollback("maxLatency: 3x", "minCalls: 50", "window: 90s"));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (PricingUnderLoad app = start(jdk, dir, manifest, fault, LONG_WAIT)) {
      write(fault, "slow");
      AuditTrail.Entry trip = awaitEvent(app, audit, "patch-tripped", 1);

      assertTrue(trip.error().matches("p99 [0-9.]+(ms|us) > 3x original p99 [0-9.]+(ms|us) over \\d+ calls"),
          audit::describe);
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 tripped"), status.states(), status::json);
      app.awaitResults(PricingUnderLoad.BUGGY);
      app.stop();
    }
    assertVerifies(scalpel, audit);
  }

  /**
   * A healthy fix under an error-rate rule, at a 50% rollout, over more than 10,000 calls and
   * several windows: it never trips.
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void autoRollback_healthyFixOverTenThousandCalls_neverTrips(Jdk jdk, @TempDir Path dir) throws Exception {
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX)
        .rollout("50%").autoRollback("maxErrorRate: 2%", "maxLatency: 3x", "minCalls: 100", "window: 5s"));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (PricingUnderLoad app = start(jdk, dir, manifest, dir.resolve("no-fault"))) {
      app.jvm().await("the fix took more than 10,000 calls", () -> fixedCalls(scalpel, app) > 10_000, audit::describe);
      // Three more windows, each judged by both rules on a full window of healthy calls.
      Thread.sleep(Duration.ofSeconds(15).toMillis());

      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertNull(autoRollback(status, "PRICE-1").get("tripped"), status::json);
      PricingUnderLoad.Summary summary = app.stop();
      assertTrue(summary.fixed() > 10_000, summary::toString);
    }
    assertEquals(List.of(), events(audit, "patch-tripped"), audit::describe);
  }

  /**
   * Twenty failing calls, fewer than {@code minCalls: 100}, never trip, however bad: every one of
   * them threw, and the patch stays active.
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void autoRollback_twentyBadCallsUnderMinCalls_neverTrips(Jdk jdk, @TempDir Path dir) throws Exception {
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, ALWAYS_FAILING)
        .when(FIRST_TWENTY).autoRollback("maxErrorRate: 2%", "minCalls: 100", "window: 2s"));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (PricingUnderLoad app = start(jdk, dir, manifest, dir.resolve("no-fault"))) {
      app.jvm().await("the fix took its twenty calls", () -> fixedCalls(scalpel, app) >= 20, audit::describe);
      // Three more windows judged: each held the twenty failing calls or fewer.
      Thread.sleep(Duration.ofSeconds(6).toMillis());

      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertEquals(20L, status.patch("PRICE-1").callsFixed(), status::json);
      PricingUnderLoad.Summary summary = app.stopAfterFaults();
      assertEquals(20, summary.exceptions(), summary::toString);
    }
    assertEquals(List.of(), events(audit, "patch-tripped"), audit::describe);
  }

  /**
   * A healthy fix under {@code progress} walks its steps from 5% to 100%, each audited with the
   * step it took, and status shows the last step with nothing next.
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void progress_healthyFix_walksFivePercentToHundred(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, FAULTY)
        .autoRollback("maxErrorRate: 2%", "minCalls: 50", "window: 2s").progress("[5%, 25%, 50%, 100%]", "2s"));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (PricingUnderLoad app = start(jdk, dir, manifest, dir.resolve("no-fault"))) {
      awaitEvent(app, audit, "patch-progressed", 3);

      assertEquals(List.of("rollout 5% -> 25%", "rollout 25% -> 50%", "rollout 50% -> 100%"),
          events(audit, "patch-progressed").stream().map(AuditTrail.Entry::error).toList(), audit::describe);
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertEquals("100%", progress(status, "PRICE-1").get("step"), status::json);
      assertNull(progress(status, "PRICE-1").get("next"), status::json);
      app.awaitResults(PricingUnderLoad.FIXED);
      app.stop();
    }
    assertVerifies(scalpel, audit);
  }

  /**
   * A fault injected at a step of {@code progress} trips the patch there: the rollout never steps
   * past it, the original code answers, and the trip is audited after the last step it took.
   */
  @AcrossJdks
  @Execution(ExecutionMode.SAME_THREAD)
  void progress_faultAtSecondStep_tripsThereAndStepsNoFurther(Jdk jdk, @TempDir Path dir) {
    Path fault = dir.resolve("fault");
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, FAULTY)
        .autoRollback("maxErrorRate: 2%", "minCalls: 50", "window: 2s").progress("[5%, 25%, 50%, 100%]", "4s"));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    try (PricingUnderLoad app = start(jdk, dir, manifest, fault)) {
      awaitEvent(app, audit, "patch-progressed", 1);
      write(fault, "fail 20");
      awaitEvent(app, audit, "patch-tripped", 1);
      app.awaitResults(PricingUnderLoad.BUGGY);

      List<AuditTrail.Entry> steps = events(audit, "patch-progressed");
      AuditTrail.Entry trip = events(audit, "patch-tripped").get(0);
      assertTrue(steps.stream().allMatch(step -> step.line() < trip.line()), audit::describe);
      String reached = steps.get(steps.size() - 1).error().replaceAll(".* -> ", "");
      assertNotEquals("100%", reached, () -> "the fault met no step before the last\n" + audit.describe());
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 tripped"), status.states(), status::json);
      assertEquals(reached, progress(status, "PRICE-1").get("step"), status::json);
      assertNull(progress(status, "PRICE-1").get("at"), status::json);
      app.stopAfterFaults();
    }
    assertVerifies(scalpel, audit);
  }

  /** {@code scalpel audit verify} passes on the test's audit log. */
  static void assertVerifies(Scalpel scalpel, AuditTrail audit) {
    JvmResult verify = scalpel.auditVerify(audit.file());
    assertEquals(Scalpel.OK, verify.exitCode(), verify::describe);
  }

  static PricingUnderLoad start(Jdk jdk, Path dir, Path manifest, Path fault) {
    return start(jdk, dir, manifest, fault, WAIT);
  }

  /** Starts the pricing load with the agent on {@code manifest}, and more agent options ({@code key=value}) if given. */
  static PricingUnderLoad start(Jdk jdk, Path dir, Path manifest, Path fault, Duration wait, String... options) {
    StringBuilder agent = new StringBuilder("-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest);
    for (String option : options) {
      agent.append(',').append(option);
    }
    return PricingUnderLoad.start(App.PRICING.runner(jdk, dir).timeout(wait)
        .jvmArgs("-Dscalpel.fault=" + fault, agent.toString()), dir);
  }

  static AuditTrail.Entry awaitEvent(PricingUnderLoad app, AuditTrail audit, String event, int count) {
    app.jvm().await("the audit log holds " + count + " " + event + " records",
        () -> events(audit, event).size() >= count, audit::describe);
    return events(audit, event).get(count - 1);
  }

  static List<AuditTrail.Entry> events(AuditTrail audit, String event) {
    return audit.entries().stream().filter(e -> e.event().equals(event)).toList();
  }

  private static long fixedCalls(Scalpel scalpel, PricingUnderLoad app) {
    Long calls = scalpel.statusJson(app.pid()).patch("PRICE-1").callsFixed();
    return calls == null ? 0 : calls;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> autoRollback(AgentStatus status, String id) {
    return (Map<String, Object>) patchJson(status, id).get("autoRollback");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> progress(AgentStatus status, String id) {
    return (Map<String, Object>) patchJson(status, id).get("progress");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> patchJson(AgentStatus status, String id) {
    List<Object> patches = (List<Object>) Json.readObject(status.json()).get("patches");
    return patches.stream().map(p -> (Map<String, Object>) p).filter(p -> id.equals(p.get("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no patch '" + id + "' in " + status.json()));
  }

  static void write(Path file, String text) {
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, text);
      Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
