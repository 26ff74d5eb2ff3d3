package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started with {@code trust=}: a manifest signed with the real openssl command line applies;
 * an unsigned hot reload is refused and audited while the running patch keeps working; signing the
 * new manifest afterwards applies it, since the signature file is watched with the manifest; a
 * later attach cannot bring its own keys.
 */
final class TrustIT {

  /** Guards against an unsigned manifest reaching a JVM that requires signatures through hot reload. */
  @AcrossJdks
  void trust_signedAppliesUnsignedReloadRefused(Jdk jdk, @TempDir Path dir) throws IOException, InterruptedException {
    openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ops.key");
    openssl(dir, "pkey", "-in", "ops.key", "-pubout", "-out", "ops.pub");
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    Path sig = manifest.resolveSibling(manifest.getFileName() + ".sig");
    sign(dir, manifest, sig);
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest + ",trust=" + dir.resolve("ops.pub"))) {
      String signedSha256 = audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok",
          "patch-activated PRICE-1 pending", "patch-activated PRICE-1 active").get(1).manifestSha256();
      app.awaitResults(PricingUnderLoad.FIXED);

      Files.delete(sig);
      StartupIT.replace(manifest, ManifestFile.yaml(StartupIT.price().mode("disabled")));
      String error = audit.expectNext(app.jvm(), "manifest-rejected refused").get(0).error();
      assertEquals(manifest + ": not applied, its signature " + sig + ": no such file; sign the manifest with scalpel"
          + " sign or openssl (see the README's Trust section)", error, audit::describe);
      int results = app.resultLines().size();
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertEquals(signedSha256, status.manifestSha256(), status::json);
      app.awaitResults(PricingUnderLoad.FIXED);
      assertTrue(app.resultLines().size() >= results, "the app kept running the fix");

      sign(dir, manifest, sig);
      audit.expectNext(app.jvm(), "manifest-applied ok", "patch-rolled-back PRICE-1 ok", "patch-activated PRICE-1 disabled");
      app.awaitResults(PricingUnderLoad.BUGGY);

      openssl(dir, "genpkey", "-algorithm", "ED25519", "-out", "intruder.key");
      openssl(dir, "pkey", "-in", "intruder.key", "-pubout", "-out", "intruder.pub");
      StartupIT.replace(manifest, ManifestFile.yaml(StartupIT.price()));
      Files.write(sig, Base64.getEncoder().encode(openssl(dir, "pkeyutl", "-sign", "-rawin", "-inkey", "intruder.key",
          "-in", manifest.toString())));
      JvmResult attached = Scalpel.on(jdk, dir).attach(app.pid(), manifest, "--no-watch", "--trust",
          dir.resolve("intruder.pub").toString());
      assertEquals(Scalpel.REFUSED, attached.exitCode(), attached::describe);
      attached.assertStderrLineContains("warning: trust= is fixed at the agent's first start; this attach keeps the keys in "
          + dir.resolve("ops.pub"));
      attached.assertStderrLineContains(manifest + ": not applied, its signature " + sig + ": malformed for the trusted keys"
          + " (64 bytes; an EC P-256 key's signature is ASN.1 DER, an Ed25519 key's is 64 bytes)");
      audit.expectNext(app.jvm(), "manifest-rejected refused");
      app.awaitResults(PricingUnderLoad.BUGGY);
      app.stop();
    }
  }

  /** Guards against an agent that cannot read its trusted keys applying anything: it does not start, and says why. */
  @AcrossJdks
  void trust_keysUnreadable_agentRefusesToStart(Jdk jdk, @TempDir Path dir) throws IOException, InterruptedException {
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    Path keys = dir.resolve("missing.pub");
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest + ",trust=" + keys)) {
      String error = audit.expectNext(app.jvm(), "agent-started refused").get(0).error();
      assertEquals("trust=" + keys + ": cannot read the keys: no such file; the agent did not start and nothing is"
          + " patched", error, audit::describe);
      app.awaitResults(PricingUnderLoad.BUGGY);
      app.stop();
    }
  }

  /**
   * Guards against fail-open: an attach that asks for signatures from an agent started without keys
   * is refused and audited, rather than applied unchecked.
   */
  @AcrossJdks
  void trust_laterAttachAsksAgentWithoutKeys_refused(Jdk jdk, @TempDir Path dir) throws IOException, InterruptedException {
    openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ops.key");
    openssl(dir, "pkey", "-in", "ops.key", "-pubout", "-out", "ops.pub");
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-javaagent:" + Artifacts.agentJar() + "=manifest="
        + manifest)) {
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");
      Path signed = ManifestFile.writeTo(dir.resolve("signed.yaml"), ManifestFile.yaml(StartupIT.price().mode("disabled")));
      sign(dir, signed, signed.resolveSibling("signed.yaml.sig"));
      JvmResult attached = Scalpel.on(jdk, dir).attach(app.pid(), signed, "--trust", dir.resolve("ops.pub").toString());
      assertEquals(Scalpel.REFUSED, attached.exitCode(), attached::describe);
      attached.assertStderrLineContains(signed + ": trust= is fixed at the agent's first start, which had none; a"
          + " manifest that must be signed is not applied unchecked (start the JVM with trust= to check signatures)");
      audit.expectNext(app.jvm(), "manifest-rejected refused");
      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      assertEquals(manifest.toString(), status.manifestPath(), status::json);
      app.stop();
    }
  }

  // Signs as the README tells an operator to, written elsewhere and renamed into place.
  private static void sign(Path dir, Path manifest, Path sig) throws IOException, InterruptedException {
    byte[] der = openssl(dir, "dgst", "-sha256", "-sign", "ops.key", manifest.toString());
    Path next = Files.write(dir.resolve("next.sig"), Base64.getEncoder().encode(der));
    Files.move(next, sig, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "openssl", ".out");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
        .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> command + " did not finish within 60 s");
    byte[] output = Files.readAllBytes(out);
    assertEquals(0, p.exitValue(), () -> command + ": " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
    return output;
  }
}
