package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands an operator waits on reach a running agent at its control socket's derived path,
 * and {@code jvms} lists the JVMs, without the JDK's attach mechanism.
 */
final class CommandsIT {

  /**
   * Guards against {@code status} and {@code rollback} depending on the attach mechanism for an
   * agent that already runs: with it switched off in the target, both still reach the agent (they
   * attached before, and answered that the JVM could not be reached).
   */
  @AcrossJdks
  void statusAndRollback_attachMechanismDisabled_reachTheAgent(Jdk jdk, @TempDir Path dir) throws IOException {
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-XX:+DisableAttachMechanism",
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)) {
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");
      app.awaitResults(PricingUnderLoad.FIXED);
      Scalpel scalpel = Scalpel.on(jdk, dir);

      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      JvmResult text = scalpel.status(app.pid());
      assertEquals(Scalpel.OK, text.exitCode(), text::describe);

      JvmResult rolledBack = scalpel.rollback(app.pid(), "PRICE-1");
      assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
      app.awaitResults(PricingUnderLoad.BUGGY);
      audit.expectNext(app.jvm(), "patch-rolled-back PRICE-1 ok");
      app.stop();
    }
  }

  /**
   * Guards against {@code jvms} depending on the attach mechanism: a JVM that refuses every attach
   * is still listed, with its main class and no Scalpel (before, {@code jvms} attached to each JVM
   * without a Scalpel socket, and left out the JVMs it could not attach to).
   */
  @AcrossJdks
  void jvms_jvmRefusingAttach_listedFromProc(Jdk jdk, @TempDir Path dir) {
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-XX:+DisableAttachMechanism")) {
      JvmResult jvms = Scalpel.on(jdk, dir).run("jvms");
      assertEquals(Scalpel.OK, jvms.exitCode(), jvms::describe);
      List<String> row = List.of(String.valueOf(app.pid()), "-", App.PRICING.mainClass());
      assertTrue(jvms.stdoutLines().stream().anyMatch(line -> List.of(line.strip().split("\\s+")).equals(row)),
          () -> "no row " + row + "\n" + jvms.describe());
      app.stop();
    }
  }
}
