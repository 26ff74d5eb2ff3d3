package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the JVM under the agent is killed with SIGKILL ({@code destroyForcibly()} on
 * Linux) while a manifest of 100 patches applies (as its classes load, and as a hot reload) and
 * while they all roll back, then restarted with the same options. After each restart the audit
 * log continues (repaired with {@code audit-repaired} if a line was torn), and the patches' states
 * that {@code status} reports match the log's last records about them; at the end the whole log
 * verifies. Each kill waits for a sign that the operation it interrupts is under way (a quarter of
 * the activation records written, or the patched method's first changed result, which the switch
 * causes before the operation's audit records are written), so it lands inside it, not after it.
 */
final class CrashRecoveryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int PATCHES = WideApp.CLASSES * WideApp.METHODS;

  /** Guards that no kill, in an apply or a rollback, leaves a log the agent cannot continue or that lies about the state. */
  @AcrossJdks
  void killDuringApplyAndRollback_restartContinuesAnIntactLog(Jdk jdk, @TempDir Path dir) throws IOException {
    Path classes = WideApp.compile(dir);
    Path manifest = dir.resolve("wide.yaml");
    WideApp.publish(manifest, WideApp.manifest(1000));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Scalpel scalpel = Scalpel.on(jdk, dir);
    String agent = "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest;

    // 1. Killed while its classes load and each of their 100 patches activates and is audited: killed once a quarter are.
    try (RunningJvm app = start(jdk, dir, classes, agent)) {
      app.await("a quarter of the patches activated", () -> activated(audit) >= PATCHES / 4, audit::describe);
      kill(app);
    }

    // 2. Killed in a hot reload that changes every patch, as soon as the switch shows.
    try (RunningJvm app = restart(jdk, dir, classes, agent, audit, scalpel, "m0=1000")) {
      WideApp.publish(manifest, WideApp.manifest(2000));
      app.awaitStdoutLine("m0=2000");
      kill(app);
    }

    // 3. Killed in a rollback of every patch, as soon as the original code answers again.
    try (RunningJvm app = restart(jdk, dir, classes, agent, audit, scalpel, "m0=2000")) {
      CompletableFuture<JvmResult> rollback = CompletableFuture.supplyAsync(() -> scalpel.rollback(app.pid(), "--all"));
      app.awaitStdoutLine("m0=1");
      kill(app);
      // Killed under it, the command line fails or reports what it did; a usage error would mean it never ran.
      JvmResult result = rollback.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
      assertTrue(result.exitCode() != 2, result::describe);
    }

    // 4. A write torn by the crash (which a SIGKILL seldom causes, a power loss does): the last line cut.
    byte[] log = Files.readAllBytes(audit.file());
    if (log.length > 0 && log[log.length - 1] == '\n') {
      int lastLineStart = lastIndexOf(log, log.length - 2) + 1;
      Files.write(audit.file(), Arrays.copyOf(log, lastLineStart + (log.length - lastLineStart) / 2));
    }
    try (RunningJvm app = restart(jdk, dir, classes, agent, audit, scalpel, "m0=2000")) {
      app.closeStdin();
      JvmResult last = app.finish();
      assertEquals(0, last.exitCode(), last::describe);
      last.assertNoTransformationError();
    }

    JvmResult verified = scalpel.auditVerify(audit.file());
    assertEquals(Scalpel.OK, verified.exitCode(), verified::describe);
    assertEquals(List.of(audit.file() + ": " + audit.entries().size() + " records, chain intact"),
        verified.stdoutLines(), verified::describe);
    assertTrue(audit.entries().stream().anyMatch(e -> e.event().equals("audit-repaired")), audit::describe);
  }

  private static RunningJvm start(Jdk jdk, Path dir, Path classes, String agent) {
    // The app only waits and reads one method: compiling it with C2 would only slow the machine down.
    return new JvmRunner(jdk, dir).classpath(List.of(classes)).timeout(TIMEOUT)
        .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", agent).start(WideApp.MAIN);
  }

  /**
   * Starts the app again with the same options after a kill, and checks that the agent continued
   * the log: the whole records before the kill kept, a torn last line replaced by an
   * {@code audit-repaired} record saying how many bytes went, then the new start's records, and
   * {@code status} matching the last record of every patch.
   */
  private static RunningJvm restart(Jdk jdk, Path dir, Path classes, String agent, AuditTrail audit, Scalpel scalpel,
      String patched) throws IOException {
    byte[] before = Files.exists(audit.file()) ? Files.readAllBytes(audit.file()) : new byte[0];
    int whole = lastIndexOf(before, before.length - 1) + 1;
    int wholeRecords = (int) new String(before, 0, whole, StandardCharsets.UTF_8).lines().count();
    RunningJvm app = start(jdk, dir, classes, agent);
    app.awaitStdoutLine(patched);
    List<AuditTrail.Entry> entries = audit.entries();
    String kept = new String(before, 0, whole, StandardCharsets.UTF_8);
    assertEquals(kept, Files.readString(audit.file(), StandardCharsets.UTF_8).substring(0, whole),
        "the records before the kill were kept as they were\n" + audit.describe());
    int next = wholeRecords;
    if (whole < before.length) {
      AuditTrail.Entry repaired = entries.get(next++);
      assertEquals("audit-repaired", repaired.event(), audit::describe);
      assertEquals("dropped line " + (wholeRecords + 1) + ", torn: its " + (before.length - whole)
          + " bytes had no line end, as a crash while writing it leaves them", repaired.error(), audit::describe);
    }
    assertEquals("agent-started ok", entries.get(next).summary(), audit::describe);
    assertStatusMatchesTheLog(scalpel, app, audit, next);
    return app;
  }

  /** The state {@code status} reports for every patch is what the log's last record about it says. */
  private static void assertStatusMatchesTheLog(Scalpel scalpel, RunningJvm app, AuditTrail audit, int started) {
    // Status first: the agent writes what class loads left queued before it answers.
    AgentStatus status = scalpel.statusJson(app.pid());
    List<AuditTrail.Entry> entries = audit.entries();
    Map<String, String> logged = new LinkedHashMap<>();
    String manifestSha256 = null;
    for (AuditTrail.Entry e : entries.subList(started, entries.size())) {
      if (e.event().equals("manifest-applied")) {
        manifestSha256 = e.manifestSha256();
      }
      if (e.patchId() != null) {
        logged.put(e.patchId(), switch (e.event()) {
          case "patch-activated" -> e.outcome();
          case "patch-rolled-back" -> "rolled-back";
          case "patch-expired" -> "expired";
          case "patch-failed" -> "failed";
          default -> e.event();
        });
      }
    }
    Map<String, String> reported = new LinkedHashMap<>();
    status.patches().forEach(p -> reported.put(p.id(), p.state()));
    assertEquals(PATCHES, reported.size(), status::json);
    assertEquals(logged, reported, () -> status.json() + "\n" + audit.describe());
    assertEquals(manifestSha256, status.manifestSha256(), status::json);
  }

  /** How many {@code patch-activated ... active} records follow the log's last {@code agent-started}. */
  private static long activated(AuditTrail audit) {
    List<AuditTrail.Entry> entries = audit.entries();
    long active = 0;
    for (AuditTrail.Entry e : entries) {
      if (e.event().equals("agent-started")) {
        active = 0;
      } else if (e.event().equals("patch-activated") && "active".equals(e.outcome())) {
        active++;
      }
    }
    return active;
  }

  private static void kill(RunningJvm app) {
    app.close();
    assertTrue(!app.isAlive(), "the app was killed");
  }

  private static int lastIndexOf(byte[] bytes, int from) {
    for (int i = from; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
