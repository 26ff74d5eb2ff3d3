package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent started with {@code -javaagent} where its start-up cannot go the usual way: a
 * temporary folder too deep for a Unix socket's path, a manifest missing or broken at start, and
 * hot reload switched off.
 */
final class StartupIT {

  /** Longer than any quiet period the agent waits for a changed file, with a margin for a loaded machine. */
  private static final long WELL_PAST_QUIET_MILLIS = 4_000;

  /**
   * Guards against a {@code java.io.tmpdir} too long for a Unix socket leaving the agent without
   * its control channel (and, on each retry, another engine and JMX warnings for ever): the
   * socket goes to {@code /tmp}, the command line reaches it, and the agent started once.
   */
  @AcrossJdks
  void startup_tmpdirTooLongForASocket_commandsStillReachTheAgent(Jdk jdk, @TempDir Path dir) throws IOException {
    Path tmpdir = Files.createDirectories(dir.resolve("t".repeat(110)));
    Path manifest = ManifestFile.write(dir, price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-Djava.io.tmpdir=" + tmpdir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)) {
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");
      app.awaitResults(PricingUnderLoad.FIXED);

      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);

      app.stop();
      audit.assertNoMore();
      assertFalse(app.jvm().stderrLines().stream().anyMatch(line -> line.startsWith("scalpel: warn:")
          || line.startsWith("scalpel: error:")), () -> String.join("\n", app.jvm().stderrLines()));
    }
  }

  /**
   * Guards against {@code watch=true} doing nothing after a start-up manifest that is missing or
   * rejected: the agent watches the file, refuses it while broken, and applies it once it is
   * correct, without a restart.
   */
  @AcrossJdks
  void watch_startupManifestMissingThenBroken_appliesOnceCorrect(Jdk jdk, @TempDir Path dir) throws IOException {
    Path manifest = dir.resolve("hotfix.yaml");
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)) {
      String missing = audit.expectNext(app.jvm(), "agent-started ok", "manifest-rejected refused").get(1).error();
      assertEquals(manifest + ":1:1: cannot read the manifest: no such file", missing, audit::describe);

      replace(manifest, ManifestFile.yaml(price()) + "    rollout: 200%\n");
      audit.expectNext(app.jvm(), "manifest-rejected refused");
      assertEquals(List.of(PricingUnderLoad.BUGGY), app.resultLines());

      replace(manifest, ManifestFile.yaml(price()));
      audit.expectNext(app.jvm(), "manifest-applied ok", "patch-activated PRICE-1 active");
      app.awaitResults(PricingUnderLoad.FIXED);
      PricingUnderLoad.Summary summary = app.stop();
      assertTrue(summary.old() > 0 && summary.fixed() > 0, summary::toString);
    }
  }

  /**
   * Checks the README's promise that {@code watch=false} does not reload: the file changes, well
   * past the quiet period nothing has happened, and an explicit attach still applies it.
   */
  @AcrossJdks
  void watchFalse_fileChanges_nothingReloads(Jdk jdk, @TempDir Path dir) throws IOException, InterruptedException {
    Path manifest = ManifestFile.write(dir, price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest + ",watch=false")) {
      String applied = audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok",
          "patch-activated PRICE-1 pending", "patch-activated PRICE-1 active").get(1).manifestSha256();
      app.awaitResults(PricingUnderLoad.FIXED);

      replace(manifest, ManifestFile.yaml(price().mode("disabled")));
      Thread.sleep(WELL_PAST_QUIET_MILLIS);
      audit.assertNoMore();
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertEquals(applied, status.manifestSha256(), status::json);
      assertEquals(List.of(PricingUnderLoad.FIXED), app.resultLines());
      app.stop();
    }
  }

  // Writes the file elsewhere and renames it into place, as the README recommends.
  static void replace(Path manifest, String yaml) throws IOException {
    Path next = ManifestFile.writeTo(manifest.resolveSibling(manifest.getFileName() + ".next"), yaml);
    Files.move(next, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static Patch price() {
    return patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX);
  }
}
