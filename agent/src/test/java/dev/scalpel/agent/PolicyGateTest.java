package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.trust.FileOwnership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy an agent reads once at its first start, and how it fails closed. */
final class PolicyGateTest {

  private static final Path MANIFEST = Path.of("/etc/scalpel/hotfix.yaml");
  private static final Manifest SKIP = ManifestParser.parse(MANIFEST.toString(),
      "scalpel: 1\npatches:\n  - id: P-1\n    target: a.B#c()\n    skip: true\n");

  @TempDir
  Path dir;
  private FileOwnership ownership;

  @BeforeEach
  void self() throws Exception {
    ownership = new FileOwnership(Files.getOwner(dir));
  }

  @Test
  void load_noPolicy_permitsEveryManifest() {
    PolicyGate gate = PolicyGate.load(Optional.empty(), ownership);

    assertThat(gate.file()).isEmpty();
    assertThat(gate.startProblem()).isEmpty();
    assertThat(gate.problems(SKIP, MANIFEST, Instant.now())).isEmpty();
  }

  @Test
  void load_validPolicy_checksEveryManifest() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "scalpel-policy: 1\nactions: [returns]\n");

    PolicyGate gate = PolicyGate.load(Optional.of(policy), ownership);

    assertThat(gate.startProblem()).isEmpty();
    assertThat(gate.problems(SKIP, MANIFEST, Instant.now())).containsExactly(MANIFEST + ":5:5: patch 'P-1': action"
        + " skip is not allowed by the policy " + policy + "; the actions it allows are returns");
  }

  @Test
  void load_malformedPolicy_refusesEveryManifestWithItsLocatedProblems() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "scalpel-policy: 1\nfourEyes: maybe\n");

    PolicyGate gate = PolicyGate.load(Optional.of(policy), ownership);

    String problem = policy + ":2:11: fourEyes takes true or false, not the string 'maybe'; write fourEyes: true";
    assertThat(gate.startProblem()).contains("policy=" + policy + " cannot be used, so the agent applies no manifest"
        + " until the JVM restarts with a valid policy:\n" + problem);
    assertThat(gate.problems(SKIP, MANIFEST, Instant.now())).isEqualTo(List.of(MANIFEST + ": not applied: the policy "
        + policy + " could not be used at the agent's start, so no manifest applies until the JVM restarts with a"
        + " valid policy:", problem));
  }

  @Test
  void load_missingPolicy_failsClosed() {
    Path policy = dir.resolve("missing.yaml");

    PolicyGate gate = PolicyGate.load(Optional.of(policy), ownership);

    assertThat(gate.startProblem()).hasValueSatisfying(p -> assertThat(p).endsWith(
        "\n" + policy + ":1:1: cannot read the policy: no such file"));
    assertThat(gate.problems(SKIP, MANIFEST, Instant.now())).hasSize(2);
  }

  @Test
  void load_policyOthersCanWrite_failsClosedNamingThePath() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "scalpel-policy: 1\n");
    Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-rw-rw-"));

    PolicyGate gate = PolicyGate.load(Optional.of(policy), ownership);

    assertThat(gate.startProblem()).hasValueSatisfying(p -> assertThat(p).endsWith("\n" + policy + ": not read: "
        + policy + " is writable by other users than its owner (mode 0666): another user could have put what the"
        + " agent would read there; chmod go-w it"));
    assertThat(gate.problems(SKIP, MANIFEST, Instant.now())).hasSize(2);
  }
}
