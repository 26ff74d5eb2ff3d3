package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The manifests under {@code valid/}: what they read as, and that their canonical form reads back. */
final class ValidManifestsTest {

  @TestFactory
  Stream<DynamicTest> canonicalYaml_validManifest_readsBackEqualWithSameHash() {
    return Fixtures.yamlFiles("valid").stream().map(Path::getFileName).map(Path::toString).map(name ->
        DynamicTest.dynamicTest(name, () -> {
          Manifest manifest = Fixtures.parse("valid", name);
          String canonical = ManifestWriter.canonicalYaml(manifest);

          Manifest again = ManifestParser.parse("canonical-" + name, canonical);

          assertThat(again).isEqualTo(manifest);
          assertThat(again.sha256()).isEqualTo(manifest.sha256());
          assertThat(ManifestWriter.canonicalYaml(again)).isEqualTo(canonical);
        }));
  }

  @Test
  void sha256_restyledSource_sameManifestAndHash() {
    Manifest original = Fixtures.parse("valid", "contract-example.yaml");
    Manifest restyled = Fixtures.parse("valid", "contract-example-restyled.yaml");

    assertThat(restyled).isEqualTo(original);
    assertThat(restyled.sha256()).isEqualTo(original.sha256());
  }

  @Test
  void parse_contractExample_everyField() {
    Manifest manifest = Fixtures.parse("valid", "contract-example.yaml");

    assertThat(manifest.version()).isEqualTo(1);
    assertThat(manifest.location("PRICE-1432")).contains(new Location("contract-example.yaml", 4, 9));
    Patch patch = manifest.patch("PRICE-1432").orElseThrow();
    assertThat(patch.target()).isEqualTo(new Target("com.acme.pricing.PriceCalculator", "total",
        Optional.of(List.of("com.acme.pricing.Cart", "int"))));
    assertThat(patch.action()).isEqualTo(new Action.Fix(new MethodRef("com.acme.hotfix.PriceFixes", "total"),
        "fixes/price-1432.jar", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"));
    assertThat(patch.when()).contains(new MethodRef("com.acme.hotfix.PriceFixes", "appliesTo"));
    assertThat(patch.rollout()).isEqualTo(new Rollout(1000));
    assertThat(patch.stickyBy()).isEqualTo(OptionalInt.of(0));
    assertThat(patch.mode()).isEqualTo(Mode.ACTIVE);
    assertThat(patch.governance()).isEqualTo(new Governance(Optional.of("PRICE-1432"),
        Optional.of("alice@example.com"), Optional.of("Bundle discount applied twice"),
        Optional.of("bob@example.com"), Optional.of(Instant.parse("2026-12-31T00:00:00Z"))));
  }

  @Test
  void parse_everyAction_constantsInCanonicalText() {
    Manifest manifest = Fixtures.parse("valid", "every-action.yaml");

    assertThat(manifest.patches()).extracting(Patch::action).containsExactly(
        new Action.Fix(new MethodRef("com.acme.hotfix.Fixes", "total"), "/opt/fixes/fix-1.jar",
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
        new Action.Returns(Constant.NULL),
        new Action.Returns(Constant.NULL),
        new Action.Returns(Constant.of(true)),
        new Action.Returns(Constant.of(false)),
        new Action.Returns(Constant.of(-1000)),
        new Action.Returns(Constant.of(Long.MAX_VALUE)),
        new Action.Returns(new Constant(Constant.Kind.DECIMAL, "0.5")),
        new Action.Returns(new Constant(Constant.Kind.DECIMAL, "1500.0")),
        new Action.Returns(Constant.of("EUR")),
        new Action.Returns(Constant.of("042")),
        new Action.Returns(Constant.of("")),
        new Action.Returns(Constant.of("2026-12-31")),
        new Action.Throws("java.lang.UnsupportedOperationException", Optional.empty()),
        new Action.Throws("com.acme.PaymentException$Declined", Optional.of("payments are paused: try again later")),
        new Action.Skip());
  }

  @Test
  void parse_methodShapes_parameterListsNormalized() {
    Manifest manifest = Fixtures.parse("valid", "method-shapes.yaml");

    assertThat(manifest.patches()).extracting(patch -> patch.target().toString()).containsExactly(
        "com.acme.Outer$Inner$Deepest#run(com.acme.Outer$Inner)",
        "com.acme.Grid#fill(int[], java.lang.String[][], com.acme.Outer$Inner[])",
        "com.acme.Log#format(java.lang.String, java.lang.Object[])",
        "com.acme.Stats#sum(double[])",
        "com.acme.Clock#now()",
        "com.acme.Clock#zone",
        "com.acme.Parser#parse(java.lang.String)",
        "com.acme.Parser#parse(java.lang.CharSequence, int)",
        "com.acme.Main#lambda$main$0(java.lang.String)",
        "com.acme.Café#prix(char, byte, short, long, float, boolean)");
    assertThat(manifest.patch("not-overloaded").orElseThrow().target().parameterTypes()).isEmpty();
    assertThat(manifest.patch("no-parameters").orElseThrow().target().parameterTypes()).contains(List.of());
  }

  @Test
  void parse_governance_modesRolloutsAndInstants() {
    Manifest manifest = Fixtures.parse("valid", "governance.yaml");

    assertThat(manifest.patches()).extracting(Patch::mode)
        .containsExactly(Mode.SHADOW, Mode.DISABLED, Mode.ACTIVE, Mode.ACTIVE);
    assertThat(manifest.patches()).extracting(patch -> patch.rollout().basisPoints())
        .containsExactly(1250, 1, 0, 10_000);
    assertThat(manifest.patch("SHADOW-1").orElseThrow().governance().expires())
        .contains(Instant.parse("2027-01-15T07:30:00Z"));
    assertThat(manifest.patch("SHADOW-1").orElseThrow().governance().reason())
        .contains("Rate table is stale for two regions.\nCompare before switching over.\n");
    assertThat(manifest.patch("DISABLED-1").orElseThrow().governance().expires())
        .contains(Instant.parse("2026-06-30T23:59:59.500Z"));
    assertThat(manifest.patch("FULL").orElseThrow().governance().ticket()).contains("1432");
    assertThat(manifest.patch("FULL").orElseThrow().governance().author()).contains("Zoë \"zo\" O'Neil\t(tab)");
  }

  @Test
  void parse_emptyList_noPatches() {
    assertThat(Fixtures.parse("valid", "empty.yaml").patches()).isEmpty();
  }

  @Test
  void parse_safetyKeys_rulesProgressAndDefaults() {
    Manifest manifest = Fixtures.parse("valid", "safety.yaml");

    Patch first = manifest.patch("SAFE-1").orElseThrow();
    assertThat(first.rollout()).as("progress without rollout starts at its first step").isEqualTo(new Rollout(500));
    assertThat(first.autoRollback()).contains(new AutoRollback(OptionalInt.of(250),
        Optional.of(new LatencyBound.Relative(new java.math.BigDecimal("3"))), 50, java.time.Duration.ofSeconds(30)));
    assertThat(first.progress()).contains(new Progress(List.of(new Rollout(500), new Rollout(2500), Rollout.FULL),
        java.time.Duration.ofMinutes(10)));
    Patch second = manifest.patch("SAFE-2").orElseThrow();
    assertThat(second.autoRollback()).contains(new AutoRollback(OptionalInt.empty(),
        Optional.of(new LatencyBound.Absolute(java.time.Duration.ofMillis(50))), AutoRollback.DEFAULT_MIN_CALLS,
        AutoRollback.DEFAULT_WINDOW));
    assertThat(second.progress()).isEmpty();
    assertThat(manifest.patch("SAFE-3").orElseThrow().autoRollback().orElseThrow().maxLatency())
        .hasValueSatisfying(bound -> assertThat(bound).hasToString("1.5x"));
  }
}
