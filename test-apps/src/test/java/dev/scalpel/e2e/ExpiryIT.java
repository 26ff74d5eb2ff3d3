package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** A patch's {@code expires} instant passing while the app runs under load. */
final class ExpiryIT {

  /**
   * How far ahead the patch expires: a few seconds, so the test is short; if the JVM has not even
   * made its first call by then (a very slow machine), once more with a margin no start needs.
   */
  private static final List<Duration> MARGINS = List.of(Duration.ofSeconds(3), Duration.ofSeconds(20));

  /**
   * Guards expiry at run time: the patch fixes the calls, then at its instant stops applying; the
   * original code runs again, status says {@code expired}, the audit log has {@code patch-expired}.
   */
  @AcrossJdks
  void expires_patchStopsApplying_underLoad(Jdk jdk, @TempDir Path dir) throws IOException {
    for (int i = 0; i < MARGINS.size(); i++) {
      Duration margin = MARGINS.get(i);
      Path attemptDir = Files.createDirectory(dir.resolve("expires-in-" + margin.toSeconds() + "s"));
      Instant expires = Instant.now().plus(margin).truncatedTo(ChronoUnit.SECONDS);
      if (expiresWhileRunning(jdk, attemptDir, expires, i == MARGINS.size() - 1)) {
        return;
      }
    }
  }

  /**
   * Runs the load with a patch that expires at {@code expires} and checks what happens then.
   *
   * @param last whether this is the last attempt, which must see the fix at the first call
   * @return false if the fix was not seen at the app's first call (the patch may have expired
   *     already), so there was nothing to check
   */
  private static boolean expiresWhileRunning(Jdk jdk, Path dir, Instant expires, boolean last) {
    Path manifest = ManifestFile.write(dir,
        patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX).expires(expires.toString()));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)) {
      if (!last && !app.resultLines().get(0).equals(PricingUnderLoad.FIXED)) {
        return false;
      }
      assertEquals(PricingUnderLoad.FIXED, app.resultLines().get(0),
          () -> "not fixed from the first call, though the patch expires at " + expires + "\n" + audit.describe());
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");

      app.awaitResults(PricingUnderLoad.BUGGY);
      audit.expectNext(app.jvm(), "patch-expired PRICE-1 ok");
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 expired"), status.states(), status::json);

      PricingUnderLoad.Summary summary = app.stop();
      assertTrue(summary.old() > 0 && summary.fixed() > 0, summary::toString);
      return true;
    }
  }
}
