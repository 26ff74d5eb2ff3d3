package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload (the agent's {@code watch=true}, the default) on a JVM started with the agent, while
 * four threads call the patched method: the manifest edited in place, replaced by an atomic move,
 * and swapped the way a Kubernetes ConfigMap mount does it; four kinds of broken file, each refused
 * with the running patches untouched, and a file cut off mid-line, which is waited for and never read; a manifest that reads the same, which changes nothing; and
 * patches taken out by removing them or by {@code mode: disabled}. Every step is checked on the
 * app's output and on the audit log, whose chain is then verified.
 */
final class HotReloadIT {

  private static final String MANIFEST = "hotfix.yaml";
  private static final String MISFIT = "dev.scalpel.testapps.fixes.pricing.MisfitFixes#total";

  /** Guards every way a manifest file changes under a running agent, and every way it can be broken. */
  @AcrossJdks
  void reload_everyKindOfChange_underLoad(Jdk jdk, @TempDir Path dir) throws IOException {
    Path manifest = ManifestFile.writeTo(dir.resolve(MANIFEST), ManifestFile.yaml(price()));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest + ",log=debug")) {
      RunningJvm jvm = app.jvm();
      audit.expectNext(jvm, "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");
      app.awaitResults(PricingUnderLoad.FIXED);
      assertEquals(List.of(PricingUnderLoad.FIXED), app.resultLines(), "patched from the first call");

      ManifestFile.writeTo(manifest, ManifestFile.yaml(price(), discount()));
      audit.expectNext(jvm, "manifest-applied ok", "patch-activated PRICE-2 active");
      assertEquals(List.of(PricingUnderLoad.FIXED), app.resultLines(), "adding a patch left the other one alone");

      Path replacement = ManifestFile.writeTo(dir.resolve(MANIFEST + ".new"), ManifestFile.yaml(discount()));
      Files.move(replacement, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      audit.expectNext(jvm, "manifest-applied ok", "patch-rolled-back PRICE-1 ok");
      app.awaitResults(PricingUnderLoad.BUGGY);

      ConfigMapMount mount = new ConfigMapMount(dir);
      mount.publish(MANIFEST, ManifestFile.yaml(price(), discount()));
      mount.link(MANIFEST);
      audit.expectNext(jvm, "manifest-applied ok", "patch-activated PRICE-1 active");
      app.awaitResults(PricingUnderLoad.FIXED);

      String ticketed = ManifestFile.yaml(price().ticket("PRICE-1432"), discount());
      mount.publish(MANIFEST, ticketed);
      List<AuditTrail.Entry> swapped = audit.expectNext(jvm,
          "manifest-applied ok", "patch-rolled-back PRICE-1 ok", "patch-activated PRICE-1 active");
      assertEquals("PRICE-1432", swapped.get(2).fields().get("ticket"), audit::describe);
      String runningSha256 = swapped.get(0).manifestSha256();
      app.awaitResults(PricingUnderLoad.FIXED);

      mount.publish(MANIFEST, ticketed);
      awaitUnchangedRead(jvm, 1);
      ManifestFile.writeTo(manifest, "# the same patches, with a comment\n" + ticketed);
      awaitUnchangedRead(jvm, 2);
      audit.assertNoMore();

      int resultLines = app.resultLines().size();
      String yamlError = ticketed + "  - id: \"BAD-YAML\"\n    reason: a colon: in a plain scalar\n";
      assertRefused(jvm, audit, manifest, yamlError, manifest + ":" + yamlError.lines().count() + ":");
      assertRefused(jvm, audit, manifest, ManifestFile.yaml(discount(),
          patch("PRICE-1", PricingIT.TOTAL).fix(PricingIT.FIX, dir.resolve("no-such-fix.jar").toString(),
              FixJar.PRICING.sha256())), "does not exist");
      assertRefused(jvm, audit, manifest, ManifestFile.yaml(discount(),
          patch("PRICE-1", PricingIT.TOTAL).fix(PricingIT.FIX, FixJar.PRICING.path().toString(),
              FixJar.TEXT.sha256())), "sha256");
      assertRefused(jvm, audit, manifest, ManifestFile.yaml(discount(),
          patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, MISFIT)), "does not fit");
      String valid = ManifestFile.yaml(discount(), price().ticket("PRICE-1433"));
      ManifestFile.writeTo(manifest, valid.substring(0, valid.length() - 20));
      jvm.await("the agent logged that the manifest lacks its last line end", () -> jvm.stderrLines().stream()
          .anyMatch(line -> line.equals("scalpel: warn: manifest " + manifest + " changed but does not end with a line"
              + " end; waiting for the rest (write the file elsewhere and rename it into place)")), audit::describe);
      audit.assertNoMore();
      assertEquals(resultLines, app.resultLines().size(), () -> "a refused manifest changed the results: " + app.resultLines());
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active", "PRICE-2 active"), status.states(), status::json);
      assertEquals(runningSha256, status.manifestSha256(), status::json);
      assertEquals(manifest.toString(), status.manifestPath(), status::json);

      ManifestFile.writeTo(manifest, ManifestFile.yaml(price().ticket("PRICE-1432").mode("disabled"), discount()));
      audit.expectNext(jvm, "manifest-applied ok", "patch-rolled-back PRICE-1 ok", "patch-activated PRICE-1 disabled");
      app.awaitResults(PricingUnderLoad.BUGGY);

      PricingUnderLoad.Summary summary = app.stop();
      assertTrue(summary.old() > 0 && summary.fixed() > 0, summary::toString);
    }
    JvmResult verified = Scalpel.on(jdk, dir).auditVerify(audit.file());
    assertEquals(Scalpel.OK, verified.exitCode(), verified::describe);
    assertEquals(List.of(audit.file() + ": " + audit.entries().size() + " records, chain intact"),
        verified.stdoutLines(), verified::describe);
  }

  /**
   * Writes {@code yaml} over the manifest in place and asserts that the agent refuses it: exactly
   * one new audit record, {@code manifest-rejected}, whose error contains {@code because}.
   */
  private static void assertRefused(RunningJvm jvm, AuditTrail audit, Path manifest, String yaml, String because) {
    ManifestFile.writeTo(manifest, yaml);
    String error = audit.expectNext(jvm, "manifest-rejected refused").get(0).error();
    assertTrue(error != null && error.contains(because),
        () -> "the rejection does not say '" + because + "'\n" + audit.describe());
  }

  /**
   * Waits for the agent's debug line saying that it read the manifest and found it unchanged, the
   * {@code count}th such line: the only sign that a reload which must change nothing has happened,
   * so that the test can then check that it changed nothing.
   */
  private static void awaitUnchangedRead(RunningJvm jvm, int count) {
    jvm.await("the agent logged " + count + " read of an unchanged manifest",
        () -> jvm.stderrLines().stream()
            .filter(line -> line.startsWith("scalpel: debug: ") && line.contains(" unchanged")).count() >= count,
        () -> "");
  }

  private static Patch price() {
    return patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX);
  }

  private static Patch discount() {
    return patch("PRICE-2", AttachIT.DISCOUNT).returns("0");
  }
}
