package dev.scalpel.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

final class PolicyCheckTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private static final String GOVERNED = """
      scalpel: 1
      patches:
        - id: P-1
          target: com.acme.Cart#total(int)
          returns: 0
          ticket: PRICE-1
          author: alice@example.com
          approvedBy: bob@example.com
          expires: 2026-12-10T00:00:00Z
      """;

  private static final String FULL_POLICY = PolicyParserTest.FULL;

  @Test
  void check_manifestMeetingEveryRule_noProblem() {
    assertEquals(List.of(), check(FULL_POLICY, GOVERNED));
  }

  @Test
  void check_noRules_permitsAnUngovernedPatch() {
    assertEquals(List.of(), check("scalpel-policy: 1\n", "scalpel: 1\npatches:\n  - id: P-1\n    target: java.lang.Math#abs(int)\n    returns: 0\n"));
  }

  @Test
  void check_builtManifestWithoutLocations_locatedAtTheFileStart() {
    Manifest built = ManifestParser.parse("m.yaml", GOVERNED.replace("    ticket: PRICE-1\n", ""));
    Manifest withoutLocations = new Manifest(built.version(), built.patches(), java.util.Map.of());

    assertEquals(List.of("built:1:1: patch 'P-1': no ticket, which the policy p.yaml requires; add ticket: PRICE-1432"),
        PolicyParser.parse("p.yaml", "scalpel-policy: 1\nrequire: [ticket]\n").check(withoutLocations, "built", NOW)
            .stream().map(Problem::toString).toList());
  }

  /** One row per way a patch can break a policy: the policy's rules, the manifest, then the exact problems. */
  @TestFactory
  Stream<DynamicTest> check_violations_locatedInTheManifest() {
    String v = "scalpel-policy: 1\n";
    return Stream.of(
        row("required key missing", v + "require: [ticket, reason]\n", GOVERNED,
            "m.yaml:3:9: patch 'P-1': no reason, which the policy p.yaml requires; add reason: followed by why the"
                + " patch exists"),
        row("every required key missing", v + "require: [ticket, author, reason, approvedBy, expires]\n",
            "scalpel: 1\npatches:\n  - id: P-1\n    target: a.B#m()\n    skip: true\n",
            "m.yaml:3:9: patch 'P-1': no ticket, which the policy p.yaml requires; add ticket: PRICE-1432",
            "m.yaml:3:9: patch 'P-1': no author, which the policy p.yaml requires; add author: alice@example.com",
            "m.yaml:3:9: patch 'P-1': no reason, which the policy p.yaml requires; add reason: followed by why the"
                + " patch exists",
            "m.yaml:3:9: patch 'P-1': no approvedBy, which the policy p.yaml requires; add approvedBy:"
                + " bob@example.com",
            "m.yaml:3:9: patch 'P-1': no expires, which the policy p.yaml requires; add expires:"
                + " 2026-12-31T00:00:00Z"),
        row("maxExpiry without expires", v + "maxExpiry: 36h\nrequire: [expires]\n",
            GOVERNED.replace("    expires: 2026-12-10T00:00:00Z\n", ""),
            "m.yaml:3:9: patch 'P-1': no expires, and the maxExpiry 36h of the policy p.yaml requires one; add"
                + " expires: 2026-12-05T00:00:00Z or earlier"),
        row("expires past maxExpiry", v + "maxExpiry: 90m\n", GOVERNED,
            "m.yaml:9:5: patch 'P-1': expires 2026-12-10T00:00:00Z is later than the maxExpiry 90m of the policy"
                + " p.yaml allows for an apply at 2026-12-03T12:00:00Z: at most 2026-12-03T13:30:00Z; bring expires"
                + " forward"),
        row("expires exactly at maxExpiry", v + "maxExpiry: 156h\n", GOVERNED),
        row("fourEyes, approver is author", v + "fourEyes: true\n",
            GOVERNED.replace("bob@example.com", "alice@example.com"),
            "m.yaml:8:5: patch 'P-1': approvedBy 'alice@example.com' is the author 'alice@example.com', and the"
                + " policy p.yaml requires fourEyes: someone other than the author approves"),
        row("fourEyes ignores case and spaces", v + "fourEyes: true\n",
            GOVERNED.replace("approvedBy: bob@example.com", "approvedBy: ' Alice@Example.COM'"),
            "m.yaml:8:5: patch 'P-1': approvedBy ' Alice@Example.COM' is the author 'alice@example.com', and the"
                + " policy p.yaml requires fourEyes: someone other than the author approves"),
        row("fourEyes without approver", v + "fourEyes: true\nrequire: [approvedBy]\n",
            GOVERNED.replace("    approvedBy: bob@example.com\n", ""),
            "m.yaml:3:9: patch 'P-1': no approvedBy, and the policy p.yaml requires fourEyes: someone other than"
                + " the author approves; add approvedBy: bob@example.com"),
        row("fourEyes without author", v + "fourEyes: true\n",
            GOVERNED.replace("    author: alice@example.com\n", ""),
            "m.yaml:3:9: patch 'P-1': no author, and the policy p.yaml requires fourEyes, which needs the author to"
                + " tell that approvedBy is someone else; add author: alice@example.com"),
        row("fourEyes false", v + "fourEyes: false\n", GOVERNED.replace("bob@", "alice@")),
        row("action not allowed", v + "actions: [fix, throws]\n", GOVERNED,
            "m.yaml:5:5: patch 'P-1': action returns is not allowed by the policy p.yaml; the actions it allows are"
                + " fix, throws"),
        row("target denied", v + "targets: {deny: [\"com.acme.*\"]}\n", GOVERNED,
            "m.yaml:4:5: patch 'P-1': target class com.acme.Cart matches 'com.acme.*', which the policy p.yaml"
                + " denies"),
        row("deny wins over allow", v + "targets: {allow: [\"com.*\"], deny: [\"com.acme.Cart\"]}\n", GOVERNED,
            "m.yaml:4:5: patch 'P-1': target class com.acme.Cart matches 'com.acme.Cart', which the policy p.yaml"
                + " denies"),
        row("target not allowed", v + "targets: {allow: [\"com.acme.pricing.*\", \"org.*\"]}\n", GOVERNED,
            "m.yaml:4:5: patch 'P-1': target class com.acme.Cart matches none of the targets the policy p.yaml"
                + " allows: 'com.acme.pricing.*', 'org.*'"),
        row("glob is not a prefix", v + "targets: {allow: [\"com.acm*\"], deny: [\"com.acme\"]}\n", GOVERNED),
        row("star crosses packages", v + "targets: {deny: [\"com.*.Cart\"]}\n",
            GOVERNED.replace("com.acme.Cart", "com.acme.shop.Cart"),
            "m.yaml:4:5: patch 'P-1': target class com.acme.shop.Cart matches 'com.*.Cart', which the policy p.yaml"
                + " denies"),
        row("nested class by binary name", v + "targets: {deny: [\"com.acme.Cart$*\"]}\n",
            GOVERNED.replace("com.acme.Cart#", "com.acme.Cart$Line#"),
            "m.yaml:4:5: patch 'P-1': target class com.acme.Cart$Line matches 'com.acme.Cart$*', which the policy"
                + " p.yaml denies"),
        row("several patches, by position", v + "actions: [fix]\n",
            GOVERNED + "  - id: P-2\n    target: com.acme.Cart#size()\n    throws: java.lang.IllegalStateException\n",
            "m.yaml:5:5: patch 'P-1': action returns is not allowed by the policy p.yaml; the actions it allows are"
                + " fix",
            "m.yaml:12:5: patch 'P-2': action throws is not allowed by the policy p.yaml; the actions it allows are"
                + " fix"));
  }

  private static DynamicTest row(String name, String policy, String manifest, String... expected) {
    return TableRow.expecting(name, List.of(expected), () -> check(policy, manifest));
  }

  private static List<String> check(String policy, String manifest) {
    return PolicyParser.parse("p.yaml", policy).check(ManifestParser.parse("m.yaml", manifest), "m.yaml", NOW)
        .stream().map(Problem::toString).toList();
  }
}
