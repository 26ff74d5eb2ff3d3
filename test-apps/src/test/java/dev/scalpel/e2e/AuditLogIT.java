package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log as the agent in a real JVM keeps it: one JVM per log (a second one sharing it is
 * refused), no start without a log it can write, the hash of a manifest it could not parse, the
 * host name found without DNS, and the keyed chain of {@code auditKey=}.
 */
final class AuditLogIT {

  private static final String ERROR = "scalpel: error: ";

  /** Guards that two JVMs sharing a working directory never interleave one chain: the second is refused, naming the holder. */
  @AcrossJdks
  void sharedLog_secondJvmRefused_namingTheHolder(Jdk jdk, @TempDir Path dir) throws IOException {
    Path log = dir.resolve("scalpel-audit.jsonl");
    AuditTrail audit = new AuditTrail(log);
    Path pricing = ManifestFile.writeTo(dir.resolve("pricing.yaml"),
        ManifestFile.yaml(patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX)));
    Path text = ManifestFile.writeTo(dir.resolve("text.yaml"), ManifestFile.yaml(ellipsize()));
    try (RunningJvm first = App.PRICING.runner(jdk, dir).jvmArgs(agent(pricing)).start(App.PRICING.mainClass(), "--serve")) {
      audit.expectNext(first, "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");

      JvmResult second = App.TEXT.runWithAgent(jdk, dir, text);

      second.assertSucceededWith(App.TEXT.unpatchedOutput());
      second.assertStderrLineContains(ERROR, "the audit log " + log + " is in use by another process (pid "
          + first.pid() + "): two JVMs cannot share one audit log; give this JVM its own with audit=PATH");
      audit.assertNoMore();

      JvmResult own = App.TEXT.runner(jdk, dir).jvmArgs(agent(text) + ",audit=" + dir.resolve("text-audit.jsonl"))
          .run(App.TEXT.mainClass());
      own.assertSucceededWith(ellipsized());
      first.closeStdin();
      first.finish();
    }
    JvmResult verified = Scalpel.on(jdk, dir).auditVerify(log);
    assertEquals(List.of(log + ": 4 records, chain intact"), verified.stdoutLines(), verified::describe);
  }

  /** Guards that the agent changes nothing it cannot audit: the application runs its original code and the error says what to do. */
  @AcrossJdks
  void unwritableLog_agentDoesNotStart_appRunsOriginalCode(Jdk jdk, @TempDir Path dir) throws IOException {
    Path notAFile = Files.createDirectories(dir.resolve("audit.jsonl"));
    Path manifest = ManifestFile.write(dir, ellipsize());

    JvmResult result = App.TEXT.runner(jdk, dir).jvmArgs(agent(manifest) + ",audit=" + notAFile).run(App.TEXT.mainClass());

    result.assertSucceededWith(App.TEXT.unpatchedOutput());
    result.assertStderrLineContains(ERROR, "cannot open the audit log " + notAFile + " for writing (",
        "); give a file this user can write with audit=PATH; Scalpel changes nothing it cannot audit, so nothing is patched");
  }

  /** Guards the README's promise: a manifest that cannot be parsed is audited with the hash of its file's bytes. */
  @AcrossJdks
  void unparsableManifest_auditedWithTheHashOfItsBytes(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, ManifestFile.yaml(ellipsize()) + "  - id: [unclosed\n");
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));

    App.TEXT.runWithAgent(jdk, dir, manifest).assertSucceededWith(App.TEXT.unpatchedOutput());

    List<AuditTrail.Entry> entries = audit.entries();
    assertEquals(List.of("agent-started ok", "manifest-rejected refused"),
        entries.stream().map(AuditTrail.Entry::summary).toList(), audit::describe);
    assertEquals(FixJar.sha256(manifest), entries.get(1).manifestSha256(), audit::describe);
  }

  /**
   * Guards that the host name is not looked up in DNS: with a hosts file that does not know this
   * host, a lookup fails (the agent used to write {@code unknown}); the kernel's name is written.
   */
  @AcrossJdks
  void hostName_withoutNameService(Jdk jdk, @TempDir Path dir) throws IOException {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(kernel), "Linux names its host in " + kernel);
    Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
    Path manifest = ManifestFile.write(dir, ellipsize());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));

    App.TEXT.runner(jdk, dir).jvmArgs("-Djdk.net.hosts.file=" + hosts, agent(manifest)).run(App.TEXT.mainClass())
        .assertSucceededWith(ellipsized());

    String host = Files.readString(kernel, StandardCharsets.UTF_8).strip();
    assertEquals(host, audit.entries().get(0).fields().get("host"), audit::describe);
  }

  /** Guards {@code auditKey=}: the agent writes an HMAC chain that verifies with the key only. */
  @AcrossJdks
  void auditKey_chainVerifiesWithTheKeyOnly(Jdk jdk, @TempDir Path dir) throws IOException {
    Path key = Files.writeString(dir.resolve("audit.key"), "a secret of the operators\n");
    Path log = dir.resolve("scalpel-audit.jsonl");
    Path manifest = ManifestFile.write(dir, ellipsize());

    App.TEXT.runner(jdk, dir).jvmArgs(agent(manifest) + ",auditKey=" + key).run(App.TEXT.mainClass())
        .assertSucceededWith(ellipsized());

    Scalpel scalpel = Scalpel.on(jdk, dir);
    JvmResult keyed = scalpel.run("audit", "verify", log.toString(), "--key", key.toString());
    assertEquals(List.of(log + ": 4 records, chain intact (HMAC-SHA256 with the key in " + key + ")"),
        keyed.stdoutLines(), keyed::describe);
    JvmResult plain = scalpel.auditVerify(log);
    assertEquals(Scalpel.REFUSED, plain.exitCode(), plain::describe);
    plain.assertStderrLineContains("chain broken at line 1: hash does not match the record's content");

    JvmResult missingKey = App.TEXT.runner(jdk, dir).jvmArgs(agent(manifest) + ",auditKey=" + dir.resolve("no.key"))
        .run(App.TEXT.mainClass());
    missingKey.assertSucceededWith(App.TEXT.unpatchedOutput());
    missingKey.assertStderrLineContains(ERROR, "the audit key " + dir.resolve("no.key") + " does not exist");
  }

  private static String agent(Path manifest) {
    return "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest;
  }

  private static Patch ellipsize() {
    return patch("TEXT-1", TextIT.ELLIPSIZE).fix(FixJar.TEXT, TextIT.ELLIPSIZE_FIX);
  }

  private static List<String> ellipsized() {
    List<String> lines = new ArrayList<>(App.TEXT.unpatchedOutput());
    lines.set(1, "ellipsize(\"Surgical hotfixes for running JVMs\", 16) = \"Surgical hotf...\" (16 chars, limit 16)");
    return lines;
  }
}
