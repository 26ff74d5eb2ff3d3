package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

final class PolicyParserTest {

  /** A policy with every rule: the parser's and the check's tests both start from it. */
  static final String FULL = """
      scalpel-policy: 1
      require: [ticket, author, approvedBy, expires]
      maxExpiry: 14d
      fourEyes: true
      actions: [fix, returns, throws, skip]
      targets: {allow: ["com.acme.*"], deny: ["java.*"]}
      """;

  @TempDir
  Path folder;

  @Test
  void parse_contractExample_everyRule() {
    Policy policy = PolicyParser.parse("policy.yaml", FULL);

    assertEquals(new Policy("policy.yaml", Set.of("ticket", "author", "approvedBy", "expires"),
        Optional.of(Duration.ofDays(14)), true, Optional.of(Set.of("fix", "returns", "throws", "skip")),
        Optional.of(List.of("com.acme.*")), List.of("java.*")), policy);
  }

  @Test
  void parse_versionOnly_permitsEverything() {
    assertEquals(new Policy("p.yaml", Set.of(), Optional.empty(), false, Optional.empty(), Optional.empty(),
        List.of()), PolicyParser.parse("p.yaml", "scalpel-policy: 1\n"));
  }

  @Test
  void parse_durations_daysHoursMinutes() {
    for (String[] row : new String[][] {{"14d", "PT336H"}, {"36h", "PT36H"}, {"90m", "PT1H30M"}, {"1m", "PT1M"}}) {
      Policy policy = PolicyParser.parse("p.yaml", "scalpel-policy: 1\nmaxExpiry: " + row[0] + "\n");

      assertEquals(Optional.of(Duration.parse(row[1])), policy.maxExpiry(), row[0]);
    }
  }

  @Test
  void parsePath_missingFile_refusedWithCause() {
    Path missing = folder.resolve("policy.yaml");

    ManifestException refusal = assertThrows(ManifestException.class, () -> PolicyParser.parse(missing));

    assertEquals(missing + ":1:1: cannot read the policy: no such file", refusal.getMessage());
    assertThat(refusal.getCause()).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void parseBytes_notUtf8_refused() throws Exception {
    Path file = Files.write(folder.resolve("policy.yaml"),
        "scalpel-policy: 1\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    ManifestException refusal = assertThrows(ManifestException.class, () -> PolicyParser.parse(file));

    assertEquals(file + ":1:1: the policy is not UTF-8; save the file as UTF-8", refusal.getMessage());
  }

  @Test
  void parseBytes_tooLarge_refused() {
    byte[] bytes = ("scalpel-policy: 1\n#" + "x".repeat(PolicyParser.MAX_BYTES)).getBytes(StandardCharsets.UTF_8);

    ManifestException refusal = assertThrows(ManifestException.class, () -> PolicyParser.parse("p.yaml", bytes));

    assertEquals("p.yaml:1:1: the policy is larger than 65536 bytes; a policy is a few lines of rules: check that"
        + " this is the policy file", refusal.getMessage());
  }

  /** One row per way a policy can be malformed: the text, then the exact message. */
  @TestFactory
  Stream<DynamicTest> parse_malformed_refusedWithLocatedProblems() {
    String v = "scalpel-policy: 1\n";
    return Stream.of(
        row("empty", "", "p.yaml:1:1: the policy is empty; write scalpel-policy: 1, then the rules under it"),
        row("a list", "- fix\n", "p.yaml:1:1: a policy is a map of rules such as scalpel-policy: 1 and"
            + " require: [ticket], not a list"),
        row("no version", "fourEyes: true\n", "p.yaml:1:1: the policy has no format version; add scalpel-policy: 1"
            + " as its first line"),
        row("version 2", "scalpel-policy: 2\n", "p.yaml:1:17: policy version '2' is not one this Scalpel reads;"
            + " write scalpel-policy: 1"),
        row("version a string", "scalpel-policy: one\n", "p.yaml:1:17: scalpel-policy is the policy format version,"
            + " a number, not the string 'one'; write scalpel-policy: 1"),
        row("version empty", "scalpel-policy:\n", "p.yaml:1:1: scalpel-policy has no value; write scalpel-policy: 1"),
        row("unknown key near one", v + "fourEye: true\n", "p.yaml:2:1: unknown key 'fourEye'; did you mean"
            + " 'fourEyes'?"),
        row("unknown key", v + "owners: [alice]\n", "p.yaml:2:1: unknown key 'owners'; the keys of a policy are"
            + " scalpel-policy, require, maxExpiry, fourEyes, actions, targets"),
        row("duplicate key", v + "fourEyes: true\nfourEyes: false\n", "p.yaml:3:1: duplicate key 'fourEyes'"
            + " (first at line 2); keep one of them"),
        row("require a scalar", v + "require: ticket\n", "p.yaml:2:10: require takes a list, not the string"
            + " 'ticket'; write require: [ticket, author, approvedBy, expires]"),
        row("require empty list", v + "require: []\n", "p.yaml:2:10: require is an empty list, which no patch could"
            + " meet; list at least one, or remove require to leave it unlimited"),
        row("require no value", v + "require:\n", "p.yaml:2:1: require has no value; write"
            + " require: [ticket, author, approvedBy, expires]"),
        row("require unknown key", v + "require: [tiket]\n", "p.yaml:2:11: unknown key 'tiket' in require; did you"
            + " mean 'ticket'?; the keys a policy can require are ticket, author, reason, approvedBy, expires"),
        row("require a key no policy requires", v + "require: [rollout]\n", "p.yaml:2:11: unknown key 'rollout'"
            + " in require; the keys a policy can require are ticket, author, reason, approvedBy, expires"),
        row("require twice", v + "require: [ticket, ticket]\n", "p.yaml:2:19: require lists 'ticket' twice;"
            + " keep one"),
        row("require a number", v + "require: [7]\n", "p.yaml:2:11: require lists names, not a number; write"
            + " require: [ticket, author, approvedBy, expires]"),
        row("maxExpiry no unit", v + "maxExpiry: 14\n", "p.yaml:2:12: maxExpiry '14' is not a duration (it has no"
            + " unit): write a whole number from 1 to 999999 followed by d (days), h (hours) or m (minutes);"
            + " write maxExpiry: 14d"),
        row("maxExpiry weeks", v + "maxExpiry: 2w\n", "p.yaml:2:12: maxExpiry '2w' is not a duration: write a whole"
            + " number from 1 to 999999 followed by d (days), h (hours) or m (minutes); write maxExpiry: 14d"),
        row("maxExpiry zero", v + "maxExpiry: 0d\n", "p.yaml:2:12: maxExpiry '0d' is not a duration: write a whole"
            + " number from 1 to 999999 followed by d (days), h (hours) or m (minutes); write maxExpiry: 14d"),
        row("maxExpiry ISO", v + "maxExpiry: P14D\n", "p.yaml:2:12: maxExpiry 'P14D' is not a duration: write a"
            + " whole number from 1 to 999999 followed by d (days), h (hours) or m (minutes); write maxExpiry: 14d"),
        row("maxExpiry a list", v + "maxExpiry: [14d]\n", "p.yaml:2:12: maxExpiry takes a single value, not a list;"
            + " write maxExpiry: 14d"),
        row("fourEyes a string", v + "fourEyes: yes please\n", "p.yaml:2:11: fourEyes takes true or false, not the"
            + " string 'yes please'; write fourEyes: true"),
        row("actions unknown", v + "actions: [fix, retrun]\n", "p.yaml:2:16: unknown action 'retrun' in actions;"
            + " did you mean 'returns'?; the actions are fix, returns, throws, skip"),
        row("actions a map", v + "actions: {fix: true}\n", "p.yaml:2:10: actions takes a list, not a map; write"
            + " actions: [fix, returns, throws, skip]"),
        row("targets a list", v + "targets: [\"com.acme.*\"]\n", "p.yaml:2:10: targets takes a map with allow and"
            + " deny, not a list; write targets: {allow: [\"com.acme.*\"], deny: [\"java.*\"]}"),
        row("targets unknown key", v + "targets: {allows: [\"a.*\"]}\n", "p.yaml:2:11: unknown key 'allows'; did"
            + " you mean 'allow'?"),
        row("targets other key", v + "targets: {only: [\"a.*\"]}\n", "p.yaml:2:11: unknown key 'only'; the keys"
            + " under targets are allow, deny"),
        row("allow empty list", v + "targets: {allow: []}\n", "p.yaml:2:18: allow is an empty list, which no patch"
            + " could meet; list at least one, or remove allow to leave it unlimited"),
        row("glob with **", v + "targets: {deny: [\"java.**\"]}\n", "p.yaml:2:18: target glob 'java.**' has **;"
            + " a single * already matches across packages: write 'java.*'"),
        row("glob names a method", v + "targets: {deny: [\"a.B#m\"]}\n", "p.yaml:2:18: target glob 'a.B#m' names a"
            + " method; a glob matches the target's class name only: write 'a.B'"),
        row("glob a path", v + "targets: {deny: [\"java/lang/*\"]}\n", "p.yaml:2:18: target glob 'java/lang/*' is"
            + " a path; a glob matches class names with dots: write 'java.lang.*'"),
        row("glob a space", v + "targets: {deny: [\"com.acme .*\"]}\n", "p.yaml:2:18: target glob 'com.acme .*'"
            + " contains ' ', which no class name has; write a class name with * for any run of characters, e.g."
            + " com.acme.*"),
        row("glob empty segment", v + "targets: {deny: [\"com..acme\"]}\n", "p.yaml:2:18: target glob 'com..acme'"
            + " has an empty package segment; write a class name with * for any run of characters, e.g. com.acme.*"),
        row("glob empty", v + "targets: {deny: [\"\"]}\n", "p.yaml:2:18: target glob is empty; write a class name"
            + " with * for any run of characters, e.g. com.acme.*"),
        row("unquoted * is an alias", v + "targets: {deny: [*]}\n", "p.yaml:2:19: invalid YAML: unexpected"
            + " character found ](93) (while scanning an alias started at line 2, column 18)"),
        row("every problem at once", "fourEyes: maybe\nmaxExpiry: 1y\n", String.join("\n",
            "p.yaml:1:1: the policy has no format version; add scalpel-policy: 1 as its first line",
            "p.yaml:1:11: fourEyes takes true or false, not the string 'maybe'; write fourEyes: true",
            "p.yaml:2:12: maxExpiry '1y' is not a duration: write a whole number from 1 to 999999 followed by d"
                + " (days), h (hours) or m (minutes); write maxExpiry: 14d")));
  }

  private static DynamicTest row(String name, String text, String expected) {
    return TableRow.refused(name, expected, () -> PolicyParser.parse("p.yaml", text));
  }
}
