package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --policy} as a user meets it: exit codes and the exact messages. */
final class ValidatePolicyTest {

  private static final String NL = System.lineSeparator();

  @TempDir
  Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path policy;

  @BeforeEach
  void policy() throws Exception {
    policy = Files.writeString(dir.resolve("policy.yaml"), "scalpel-policy: 1\nrequire: [ticket]\nfourEyes: true\n"
        + "actions: [returns]\ntargets: {deny: [\"java.*\"]}\n");
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ScalpelCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path manifest(String patch) throws Exception {
    return Files.writeString(dir.resolve("hotfix.yaml"), "scalpel: 1\npatches:\n  - id: P-1\n" + patch);
  }

  @Test
  void validatePolicy_manifestMeetsIt_exits0() throws Exception {
    Path manifest = manifest("    target: a.B#c\n    returns: 0\n    ticket: T-1\n    author: alice@example.com\n"
        + "    approvedBy: bob@example.com\n    expires: " + Instant.now().plus(1, ChronoUnit.DAYS) + "\n");

    assertThat(run("validate", manifest.toString(), "--policy", policy.toString())).isZero();
    assertThat(out.toString()).isEqualTo(manifest + ": valid, 1 patch, meets the policy " + policy + NL);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void validatePolicy_violations_exit1WithEveryLocatedProblem() throws Exception {
    Path manifest = manifest("    target: java.lang.Math#abs(int)\n    skip: true\n    author: alice@example.com\n"
        + "    approvedBy: Alice@example.com\n");

    assertThat(run("validate", manifest.toString(), "--policy", policy.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(String.join(NL,
        manifest + ":3:9: patch 'P-1': no ticket, which the policy " + policy + " requires; add ticket: PRICE-1432",
        manifest + ":4:5: patch 'P-1': target class java.lang.Math matches 'java.*', which the policy " + policy
            + " denies",
        manifest + ":5:5: patch 'P-1': action skip is not allowed by the policy " + policy + "; the actions it allows"
            + " are returns",
        manifest + ":7:5: patch 'P-1': approvedBy 'Alice@example.com' is the author 'alice@example.com', and the"
            + " policy " + policy + " requires fourEyes: someone other than the author approves") + NL);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void validatePolicy_malformedPolicy_exit1WithItsLocatedProblems() throws Exception {
    Path manifest = manifest("    target: a.B#c\n    returns: 0\n");
    Files.writeString(policy, "scalpel-policy: 1\nmaxExpiry: 2w\n");

    assertThat(run("validate", manifest.toString(), "--policy", policy.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(policy + ":2:12: maxExpiry '2w' is not a duration: write a whole number from 1"
        + " to 999999 followed by d (days), h (hours) or m (minutes); write maxExpiry: 14d" + NL + "the policy " + policy
        + " is malformed; an agent started with it applies no manifest" + NL);
  }

  @Test
  void validatePolicy_missingPolicy_exit1() throws Exception {
    Path manifest = manifest("    target: a.B#c\n    returns: 0\n");
    Path missing = dir.resolve("none.yaml");

    assertThat(run("validate", manifest.toString(), "--policy", missing.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith(missing + ":1:1: cannot read the policy: no such file" + NL);
  }
}
