package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.Sha256;
import dev.scalpel.engine.fixtures.Sample;
import dev.scalpel.engine.fixtures.SampleFixes;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and what each command prints. */
final class ScalpelCliTest {

  @TempDir
  Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String sha;

  @BeforeEach
  void fixJar() throws Exception {
    Path jar = dir.resolve("fix.jar");
    String name = SampleFixes.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(file);
        InputStream in = SampleFixes.class.getClassLoader().getResourceAsStream(name)) {
      j.putNextEntry(new ZipEntry(name));
      in.transferTo(j);
    }
    sha = Sha256.hex(Files.readAllBytes(jar));
  }

  private int run(String... args) {
    return ScalpelCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path manifest(String fixMethod) throws Exception {
    return Files.writeString(dir.resolve("hotfix.yaml"), String.join("\n",
        "scalpel: 1",
        "patches:",
        "  - id: P-1",
        "    target: " + Sample.class.getName() + "#answer(int)",
        "    fix: " + SampleFixes.class.getName() + "#" + fixMethod,
        "    jar: fix.jar",
        "    sha256: " + sha,
        ""));
  }

  private static String classes() throws Exception {
    return Path.of(Sample.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void validate_validManifest_exits0() throws Exception {
    Path m = manifest("answer");
    assertThat(run("validate", m.toString())).isZero();
    assertThat(out.toString()).isEqualTo(m + ": valid, 1 patch" + System.lineSeparator());
    assertThat(run("validate", m.toString(), "--classpath", classes())).isZero();
    assertThat(out.toString()).contains(m + ": valid, 1 patch, checked against the class path");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void validate_signatureMismatchAgainstClassPath_exits1WithTheLocation() throws Exception {
    Path m = manifest("answerWrong");
    assertThat(run("validate", m.toString())).isZero();
    assertThat(run("validate", m.toString(), "--classpath", classes())).isEqualTo(1);
    assertThat(err.toString()).startsWith(m + ":3:9: patch 'P-1': fix " + SampleFixes.class.getName()
        + "#answerWrong does not fit target " + Sample.class.getName() + "#answer(int): write static int answerWrong(");
  }

  @Test
  void validate_syntaxError_exits1WithTheLocation() throws Exception {
    Path m = Files.writeString(dir.resolve("bad.yaml"), "scalpel: 1\npatches:\n  - id: [\n");
    assertThat(run("validate", m.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith(m + ":4:1: ");
  }

  @Test
  void validate_wrongSha256_exits1() throws Exception {
    Path m = manifest("answer");
    Files.writeString(m, Files.readString(m).replace(sha, "0".repeat(64)));
    assertThat(run("validate", m.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("patch 'P-1': fix jar " + dir.resolve("fix.jar") + " has sha256 " + sha);
  }

  @Test
  void validate_missingFile_exits1() {
    assertThat(run("validate", dir.resolve("nope.yaml").toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(dir.resolve("nope.yaml") + ": no such file" + System.lineSeparator());
  }

  @Test
  void usageErrors_exit2() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("validate")).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run("rollback", "123")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'MANIFEST'").contains("give either patch ids or --all");
  }

  @Test
  void help_everyCommand_exits0() {
    for (String command : new String[] {"jvms", "attach", "status", "rollback", "validate", "audit", "keygen", "sign"}) {
      assertThat(run(command, "--help")).as(command).isZero();
    }
    assertThat(out.toString()).contains("Usage: scalpel attach").contains("Exit codes:");
  }

  @Test
  void status_unreachableJvm_exits3() {
    assertThat(run("status", "999999999")).isEqualTo(3);
    assertThat(err.toString()).contains("cannot attach to JVM 999999999");
  }

  @Test
  void auditVerify_intactAndBroken() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    try (var audit = dev.scalpel.audit.AuditLog.open(log)) {
      audit.append(dev.scalpel.audit.AuditEvent.of("agent-started", null, "ok", null));
      audit.append(dev.scalpel.audit.AuditEvent.of("manifest-applied", "ab", "ok", null));
    }
    assertThat(run("audit", "verify", log.toString())).isZero();
    assertThat(out.toString()).contains(log + ": 2 records, chain intact");
    Files.writeString(log, Files.readString(log).replace("\"ok\"", "\"no\""));
    assertThat(run("audit", "verify", log.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(log + ": chain broken at line 1: hash does not match the record's content");
  }

  /** {@code audit verify --from SEQ}: a log rotated at its start verifies from its first record, on trust, and says so. */
  @Test
  void auditVerify_from_exactOutput() throws Exception {
    Path log = dir.resolve("audit.jsonl");
    try (var audit = dev.scalpel.audit.AuditLog.open(log)) {
      for (int i = 0; i < 5; i++) {
        audit.append(dev.scalpel.audit.AuditEvent.of("agent-started", null, "ok", null));
      }
    }
    java.util.List<String> lines = Files.readAllLines(log);
    Files.write(log, lines.subList(2, 5));

    assertThat(run("audit", "verify", log.toString(), "--from", "3")).isZero();
    assertThat(out.toString()).isEqualTo(log + ": 3 records from seq 3, chain intact; the prevHash of seq 3 was taken"
        + " on trust, records before it are not checked" + System.lineSeparator());

    assertThat(run("audit", "verify", log.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(log + ": chain broken at line 1: seq 3 where 1 was expected: a record was"
        + " removed, added or moved (if the log was rotated or cut at its start, verify it with --from 3)"
        + " (the 0 records before it are intact)" + System.lineSeparator());

    err.getBuffer().setLength(0);
    Files.write(log, java.util.List.of(lines.get(2), lines.get(4)));
    assertThat(run("audit", "verify", log.toString(), "--from", "3")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(log + ": chain broken at line 2: seq 5 where 4 was expected: a record was"
        + " removed, added or moved (the 1 records from seq 3 before it are intact); the prevHash of seq 3 was taken"
        + " on trust, records before it are not checked" + System.lineSeparator());

    assertThat(run("audit", "verify", log.toString(), "--from", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--from 0 is not a seq; records are numbered from 1");
  }

  /** {@code audit verify --key}: a keyed log verifies only with its key. */
  @Test
  void auditVerify_key_exactOutput() throws Exception {
    Path key = Files.writeString(dir.resolve("audit.key"), "k3y");
    Path log = dir.resolve("audit.jsonl");
    try (var audit = dev.scalpel.audit.AuditLog.open(log, dev.scalpel.audit.ChainHash.readKey(key))) {
      audit.append(dev.scalpel.audit.AuditEvent.of("agent-started", null, "ok", null));
      audit.append(dev.scalpel.audit.AuditEvent.of("manifest-applied", "ab", "ok", null));
    }
    assertThat(run("audit", "verify", log.toString(), "--key", key.toString())).isZero();
    assertThat(out.toString()).isEqualTo(log + ": 2 records, chain intact (HMAC-SHA256 with the key in " + key + ")"
        + System.lineSeparator());

    assertThat(run("audit", "verify", log.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(log + ": chain broken at line 1: hash does not match the record's content:"
        + " the record was edited (or the log was written with auditKey=: verify it with --key)"
        + " (the 0 records before it are intact)" + System.lineSeparator());

    err.getBuffer().setLength(0);
    Path other = Files.writeString(dir.resolve("other.key"), "k3y\n");
    assertThat(run("audit", "verify", log.toString(), "--key", other.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(log + ": chain broken at line 1: hash does not match the record's content:"
        + " the record was edited (or the log was not written with this key)"
        + " (the 0 records before it are intact (HMAC-SHA256 with the key in " + other + "))" + System.lineSeparator());

    err.getBuffer().setLength(0);
    Path missing = dir.resolve("missing.key");
    assertThat(run("audit", "verify", log.toString(), "--key", missing.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(log + ": cannot be verified: the audit key " + missing + " does not exist;"
        + " write a secret to it, for example 32 random bytes (head -c 32 /dev/urandom > " + missing + ")"
        + System.lineSeparator());
  }
}
