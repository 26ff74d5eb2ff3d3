package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started with {@code policy=}: a manifest that breaks it applies nothing at startup, and
 * the application runs its original code; a manifest that meets it applies through hot reload; a
 * reload that breaks it keeps the running patch; a later attach, with or without a policy of its
 * own, is still checked against the first; a malformed policy fails closed; {@code validate
 * --policy} exits 1 with the located problems.
 */
final class PolicyIT {

  private static final String POLICY = "scalpel-policy: 1\nrequire: [ticket]\nfourEyes: true\n"
      + "targets: {allow: [\"dev.scalpel.testapps.*\"], deny: [\"java.*\"]}\n";

  /** Guards against a manifest that breaks the policy applying at startup, at hot reload or through a later attach. */
  @AcrossJdks
  void policy_violationsRejectedAtStartReloadAndAttach(Jdk jdk, @TempDir Path dir) throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest + ",policy=" + policy)) {
      String error = audit.expectNext(app.jvm(), "agent-started ok", "manifest-rejected refused").get(1).error();
      assertEquals(String.join("\n",
          manifest + ":3:9: patch 'PRICE-1': no author, and the policy " + policy + " requires fourEyes, which needs"
              + " the author to tell that approvedBy is someone else; add author: alice@example.com",
          manifest + ":3:9: patch 'PRICE-1': no approvedBy, and the policy " + policy + " requires fourEyes: someone"
              + " other than the author approves; add approvedBy: bob@example.com",
          manifest + ":3:9: patch 'PRICE-1': no ticket, which the policy " + policy + " requires; add ticket:"
              + " PRICE-1432"), error, audit::describe);
      app.awaitResults(PricingUnderLoad.BUGGY);
      AgentStatus none = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of(), none.states(), none::json);
      assertNull(none.manifestPath(), none::json);

      StartupIT.replace(manifest, ManifestFile.yaml(governed("bob@example.com")));
      audit.expectNext(app.jvm(), "manifest-applied ok", "patch-activated PRICE-1 active");
      app.awaitResults(PricingUnderLoad.FIXED);

      StartupIT.replace(manifest, ManifestFile.yaml(governed("Alice@Example.com")));
      String selfApproved = manifest + ":10:5: patch 'PRICE-1': approvedBy 'Alice@Example.com' is the author"
          + " 'alice@example.com', and the policy " + policy + " requires fourEyes: someone other than the author"
          + " approves";
      assertEquals(selfApproved, audit.expectNext(app.jvm(), "manifest-rejected refused").get(0).error(),
          audit::describe);
      AgentStatus kept = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), kept.states(), kept::json);

      JvmResult withoutPolicy = Scalpel.on(jdk, dir).attach(app.pid(), manifest, "--no-watch");
      assertEquals(Scalpel.REFUSED, withoutPolicy.exitCode(), withoutPolicy::describe);
      withoutPolicy.assertStderrLineContains(selfApproved);
      audit.expectNext(app.jvm(), "manifest-rejected refused");

      Path lax = Files.writeString(dir.resolve("lax.yaml"), "scalpel-policy: 1\n");
      JvmResult otherPolicy = Scalpel.on(jdk, dir).attach(app.pid(), manifest, "--no-watch", "--policy", lax.toString());
      assertEquals(Scalpel.REFUSED, otherPolicy.exitCode(), otherPolicy::describe);
      otherPolicy.assertStderrLineContains("warning: policy= is fixed at the agent's first start; this attach keeps the"
          + " policy " + policy);
      otherPolicy.assertStderrLineContains(selfApproved);
      audit.expectNext(app.jvm(), "manifest-rejected refused");
      app.awaitResults(PricingUnderLoad.FIXED);
      app.stop();
    }
    JvmResult verified = Scalpel.on(jdk, dir).auditVerify(audit.file());
    assertEquals(Scalpel.OK, verified.exitCode(), verified::describe);
  }

  /** Guards against fail-open: a malformed policy lets no manifest apply, and the audit log says why. */
  @AcrossJdks
  void policy_malformed_agentAppliesNothing(Jdk jdk, @TempDir Path dir) throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "scalpel-policy: 1\nmaxExpiry: 2w\n");
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    String problem = policy + ":2:12: maxExpiry '2w' is not a duration: write a whole number from 1 to 999999"
        + " followed by d (days), h (hours) or m (minutes); write maxExpiry: 14d";
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest + ",policy=" + policy)) {
      List<AuditTrail.Entry> records = audit.expectNext(app.jvm(), "agent-started refused", "manifest-rejected refused");
      assertEquals("policy=" + policy + " cannot be used, so the agent applies no manifest until the JVM restarts"
          + " with a valid policy:\n" + problem, records.get(0).error(), audit::describe);
      assertEquals(manifest + ": not applied: the policy " + policy + " could not be used at the agent's start, so no"
          + " manifest applies until the JVM restarts with a valid policy:\n" + problem, records.get(1).error(),
          audit::describe);
      app.awaitResults(PricingUnderLoad.BUGGY);
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of(), status.states(), status::json);

      Files.writeString(policy, POLICY);
      JvmResult attached = Scalpel.on(jdk, dir).attach(app.pid(), manifest, "--no-watch");
      assertEquals(Scalpel.REFUSED, attached.exitCode(), attached::describe);
      attached.assertStderrLineContains(problem);
      audit.expectNext(app.jvm(), "manifest-rejected refused");
      app.awaitResults(PricingUnderLoad.BUGGY);
      app.stop();
    }
    JvmResult verified = Scalpel.on(jdk, dir).auditVerify(audit.file());
    assertEquals(Scalpel.OK, verified.exitCode(), verified::describe);
  }

  /**
   * Guards against fail-open: an attach that asks for a policy from an agent started without one
   * is refused and audited, rather than applied unchecked.
   */
  @AcrossJdks
  void policy_laterAttachAsksAgentWithoutPolicy_refused(Jdk jdk, @TempDir Path dir) throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-javaagent:" + Artifacts.agentJar() + "=manifest="
        + manifest)) {
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");
      Path other = ManifestFile.writeTo(dir.resolve("other.yaml"), ManifestFile.yaml(governed("bob@example.com")
          .mode("disabled")));
      JvmResult attached = Scalpel.on(jdk, dir).attach(app.pid(), other, "--policy", policy.toString());
      assertEquals(Scalpel.REFUSED, attached.exitCode(), attached::describe);
      attached.assertStderrLineContains(other + ": policy= is fixed at the agent's first start, which had none; a"
          + " manifest that must meet a policy is not applied unchecked (start the JVM with policy= to check it)");
      audit.expectNext(app.jvm(), "manifest-rejected refused");
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertEquals(manifest.toString(), status.manifestPath(), status::json);
      app.awaitResults(PricingUnderLoad.FIXED);
      app.stop();
    }
  }

  /** {@code validate --policy}: 0 for a manifest that meets it, 1 with the located problems otherwise. */
  @AcrossJdks
  void validate_policy_exitCodesAndMessages(Jdk jdk, @TempDir Path dir) throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    Scalpel scalpel = Scalpel.on(jdk, dir);

    Path meets = ManifestFile.writeTo(dir.resolve("meets.yaml"), ManifestFile.yaml(governed("bob@example.com")));
    JvmResult valid = scalpel.run("validate", meets.toString(), "--policy", policy.toString());
    valid.assertSucceededWith(List.of(meets + ": valid, 1 patch, meets the policy " + policy));

    Path denied = ManifestFile.writeTo(dir.resolve("denied.yaml"), ManifestFile.yaml(
        Patch.patch("ABS-1", "java.lang.Math#abs(int)").returns("0").ticket("T-1").author("alice@example.com")
            .approvedBy("bob@example.com")));
    JvmResult refused = scalpel.run("validate", denied.toString(), "--policy", policy.toString());
    assertEquals(Scalpel.REFUSED, refused.exitCode(), refused::describe);
    assertEquals(List.of(denied + ":4:5: patch 'ABS-1': target class java.lang.Math matches 'java.*', which the"
        + " policy " + policy + " denies"), refused.stderrLines(), refused::describe);

    Files.writeString(policy, "scalpel-policy: 1\nactions: [fix, retrun]\n");
    JvmResult malformed = scalpel.run("validate", meets.toString(), "--policy", policy.toString());
    assertEquals(Scalpel.REFUSED, malformed.exitCode(), malformed::describe);
    assertEquals(List.of(policy + ":2:16: unknown action 'retrun' in actions; did you mean 'returns'?; the actions"
        + " are fix, returns, throws, skip", "the policy " + policy + " is malformed; an agent started with it applies"
        + " no manifest"), malformed.stderrLines(), malformed::describe);
  }

  private static Patch governed(String approver) {
    return StartupIT.price().ticket("PRICE-1").author("alice@example.com").approvedBy(approver);
  }
}
