package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ManifestWriterTest {

  private static final String SHA = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @Test
  void canonicalYaml_everyKey_fixedOrderQuotedStrings() {
    Manifest manifest = Manifest.builder()
        .patch("P-1", p -> p.expires(Instant.parse("2026-12-31T00:00:00Z")).approvedBy("bob").reason("why")
            .author("alice").ticket("T-1").mode(Mode.SHADOW).stickyBy(1).rollout("12.5%").when("a.Fixes#guard")
            .fix("a.Fixes#m", "fixes/a.jar", SHA).target("a.B#m(int, java.lang.String...)"))
        .patch("P-2", p -> p.target("a.B#n").throwing("java.lang.IllegalStateException", "off"))
        .patch("P-3", p -> p.target("a.B#o()").returns(new Constant(Constant.Kind.DECIMAL, "0.5")))
        .patch("P-4", p -> p.target("a.B#p()").skip())
        .build();

    assertThat(ManifestWriter.canonicalYaml(manifest)).isEqualTo("""
        scalpel: 1
        patches:
          - id: "P-1"
            target: "a.B#m(int, java.lang.String[])"
            fix: "a.Fixes#m"
            jar: "fixes/a.jar"
            sha256: "%s"
            when: "a.Fixes#guard"
            rollout: "12.5%%"
            stickyBy: "arg1"
            mode: "shadow"
            ticket: "T-1"
            author: "alice"
            reason: "why"
            approvedBy: "bob"
            expires: "2026-12-31T00:00:00Z"
          - id: "P-2"
            target: "a.B#n"
            throws: "java.lang.IllegalStateException"
            message: "off"
          - id: "P-3"
            target: "a.B#o()"
            returns: 0.5
          - id: "P-4"
            target: "a.B#p()"
            skip: true
        """.formatted(SHA));
  }

  @Test
  void canonicalYaml_defaults_leftOut() {
    Manifest explicit = ManifestParser.parse("m.yaml",
        "scalpel: 1\npatches:\n  - {id: A, target: a.B#m, returns: 1, rollout: 100%, mode: active}\n");
    Manifest implicit = ManifestParser.parse("m.yaml", "scalpel: 1\npatches:\n  - {id: A, target: a.B#m, returns: 1}\n");

    assertThat(ManifestWriter.canonicalYaml(explicit))
        .isEqualTo(ManifestWriter.canonicalYaml(implicit))
        .isEqualTo("scalpel: 1\npatches:\n  - id: \"A\"\n    target: \"a.B#m\"\n    returns: 1\n");
  }

  @Test
  void canonicalYaml_noPatches_emptyList() {
    assertThat(ManifestWriter.canonicalYaml(Manifest.builder().build())).isEqualTo("scalpel: 1\npatches: []\n");
  }

  @Test
  void canonicalYaml_awkwardStrings_readBackUnchanged() {
    List<String> awkward = List.of("\"quoted\" and \\back\\slashed", "# not a comment", "key: value", " padded ",
        "line\nbreak\r\n", "tab\there", "bell\u0007 nul\u0000 del\u007f", "next line\u0085 separators\u2028\u2029",
        "bom\uFEFF", "lone \uD800 surrogate", "emoji \uD83D\uDE00 é ß", "null", "true", "42", "", "'single'", "%tag");
    for (String text : awkward) {
      Manifest manifest = Manifest.builder()
          .patch("P", p -> p.target("a.B#m()").returns(Constant.of(text)).reason(text.isEmpty() ? "x" : text))
          .build();

      Manifest again = ManifestParser.parse("awkward.yaml", ManifestWriter.canonicalYaml(manifest));

      assertThat(again).as("%s", text).isEqualTo(manifest);
    }
  }

  @Test
  void canonicalYaml_quotedStrings_stayOnOneLine() {
    assertThat(ManifestWriter.quote("a\nb\u2028c\u0085d\re")).isEqualTo("\"a\\nb\\u2028c\\u0085d\\u000De\"");
  }

  @Test
  void sha256_anyManifest_lowerCaseHexOfCanonicalText() throws Exception {
    Manifest manifest = Manifest.builder().build();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest("scalpel: 1\npatches: []\n".getBytes(StandardCharsets.UTF_8));

    assertThat(ManifestWriter.sha256(manifest))
        .isEqualTo(manifest.sha256())
        .isEqualTo(HexFormat.of().formatHex(digest))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void sha256_changedValue_differentHash() {
    Manifest base = Manifest.builder().patch("P", p -> p.target("a.B#m()").returns(Constant.of(1))).build();
    Manifest changed = Manifest.builder().patch("P", p -> p.target("a.B#m()").returns(Constant.of("1"))).build();

    assertThat(changed.sha256()).isNotEqualTo(base.sha256());
  }

  /** Patch order is kept in the canonical text, as {@link Manifest#equals} keeps it. */
  @Test
  void sha256_reorderedPatches_differentHash() {
    Manifest forward = Manifest.builder()
        .patch("P", p -> p.target("a.B#m()").returns(Constant.of(1)))
        .patch("Q", p -> p.target("a.B#n()").skip())
        .build();
    Manifest backward = Manifest.builder()
        .patch("Q", p -> p.target("a.B#n()").skip())
        .patch("P", p -> p.target("a.B#m()").returns(Constant.of(1)))
        .build();

    assertThat(backward).isNotEqualTo(forward);
    assertThat(backward.sha256()).isNotEqualTo(forward.sha256());
  }
}
