package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ManifestBuilderTest {

  private static final String SHA = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";

  @Test
  void build_contractExample_equalsParsedManifest() {
    Manifest built = Manifest.builder()
        .patch("PRICE-1432", p -> p
            .target("com.acme.pricing.PriceCalculator#total(com.acme.pricing.Cart, int)")
            .fix("com.acme.hotfix.PriceFixes#total", "fixes/price-1432.jar", SHA)
            .when("com.acme.hotfix.PriceFixes#appliesTo")
            .rollout("10%")
            .stickyBy(0)
            .mode(Mode.ACTIVE)
            .ticket("PRICE-1432")
            .author("alice@example.com")
            .reason("Bundle discount applied twice")
            .approvedBy("bob@example.com")
            .expires(Instant.parse("2026-12-31T00:00:00Z")))
        .build();

    assertThat(built).isEqualTo(Fixtures.parse("valid", "contract-example.yaml"));
    assertThat(built.location("PRICE-1432")).isEmpty();
  }

  @Test
  void build_invalidValues_sameMessagesAsParser() {
    ManifestException built = assertThrows(ManifestException.class, () -> Manifest.builder()
        .patch("P-1", p -> p.target("com.acme.Cart#total(String)").returns(Constant.of("x")).rollout("150%"))
        .build());
    ManifestException parsed = assertThrows(ManifestException.class, () -> ManifestParser.parse("m.yaml",
        "scalpel: 1\npatches:\n  - id: P-1\n    target: com.acme.Cart#total(String)\n    returns: x\n    rollout: 150%\n"));

    assertThat(built.problems()).extracting(Problem::message).isEqualTo(
        parsed.problems().stream().map(Problem::message).toList());
  }

  @Test
  void build_problems_locatedByPatchPosition() {
    ManifestException rejection = assertThrows(ManifestException.class, () -> Manifest.builder()
        .patch("P-1", p -> p.target("a.B#m()").skip())
        .patch("P-2", p -> p.target("a.B#n()").skip().returns(Constant.NULL))
        .patch("P-2", p -> p.target("a.B#m()").skip().stickyBy(-1))
        .build());

    assertThat(rejection.problems()).extracting(Problem::toString).containsExactly(
        "<builder>:2:1: patch 'P-2': patch has 2 actions, returns and skip; keep exactly one",
        "<builder>:3:1: patch 'P-2': stickyBy 'arg-1' names no argument; write argN with N the 0-based index"
            + " of a parameter, without leading zeros, e.g. arg0 for the first",
        "<builder>:3:1: patch 'P-2': duplicate id; a patch with this id is already declared at line 2;"
            + " give each patch its own id",
        "<builder>:3:1: patch 'P-2': patch 'P-1' at line 1 already targets a.B#m(); a method takes one patch:"
            + " merge them or remove one");
  }

  @Test
  void build_invalidConstant_rejected() {
    assertThatThrownBy(() -> Manifest.builder()
        .patch("P", p -> p.target("a.B#m()").returns(new Constant(Constant.Kind.INTEGER, "0x10"))).build())
        .isExactlyInstanceOf(ManifestException.class)
        .hasMessageStartingWith("<builder>:1:1: patch 'P': returns '0x10' is not a decimal integer");
  }

  @Test
  void build_noAction_rejected() {
    assertThatThrownBy(() -> Manifest.builder().patch("P", p -> p.target("a.B#m()")).build())
        .isExactlyInstanceOf(ManifestException.class)
        .hasMessage("<builder>:1:1: patch 'P': patch has no action; add one of fix (with jar and sha256), returns,"
            + " throws or skip");
  }

  @Test
  void build_calledTwice_sameManifestAndReusable() {
    ManifestBuilder builder = Manifest.builder().patch("P", p -> p.target("a.B#m()").skip());
    Manifest first = builder.build();

    Manifest second = builder.patch("Q", p -> p.target("a.B#n()").skip()).build();

    assertThat(first.patches()).extracting(Patch::id).containsExactly("P");
    assertThat(second.patches()).extracting(Patch::id).containsExactly("P", "Q");
  }

  @Test
  void patch_laterValue_replacesEarlier() {
    Manifest manifest = Manifest.builder()
        .patch("P", p -> p.target("a.B#x()").target("a.B#m()").throwing("a.E", "first").throwing("a.F"))
        .build();

    Patch patch = manifest.patch("P").orElseThrow();
    assertThat(patch.target().toString()).isEqualTo("a.B#m()");
    assertThat(patch.action()).isEqualTo(new Action.Throws("a.F", Optional.empty()));
  }

  @Test
  void patch_nullArgument_refusedAtOnce() {
    ManifestBuilder builder = Manifest.builder();

    assertThatThrownBy(() -> builder.patch(null, PatchBuilder::skip)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.patch("P", p -> p.target(null))).isInstanceOf(NullPointerException.class);
    assertThat(builder.build().patches()).isEqualTo(List.of());
  }
}
