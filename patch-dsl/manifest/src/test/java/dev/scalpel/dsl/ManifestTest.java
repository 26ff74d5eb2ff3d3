package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

final class ManifestTest {

  private static final String TWO_PATCHES = "scalpel: 1\npatches:\n"
      + "  - id: P-1\n    target: a.B#m(int)\n    returns: 0\n"
      + "  - id: P-2\n    target: a.B#n()\n    skip: true\n";

  /** Guards the 1,000-patch apply: one audit record per patch asks for the hash, which must not be written again each time. */
  @Test
  void sha256_askedTwice_computedOnce() {
    Manifest manifest = ManifestParser.parse("hotfix.yaml", TWO_PATCHES);

    String first = manifest.sha256();

    assertThat(manifest.sha256()).isSameAs(first).isEqualTo(ManifestWriter.sha256(manifest));
  }

  @Test
  void patch_declaredId_thatPatch() {
    Manifest manifest = ManifestParser.parse("hotfix.yaml", TWO_PATCHES);

    assertThat(manifest.patch("P-2")).containsSame(manifest.patches().get(1));
    assertThat(manifest.patch("P-1")).containsSame(manifest.patches().get(0));
  }

  @Test
  void patch_unknownOrNullId_empty() {
    Manifest manifest = ManifestParser.parse("hotfix.yaml", TWO_PATCHES);

    assertThat(manifest.patch("P-3")).isEmpty();
    assertThat(manifest.patch(null)).isEmpty();
  }

  @Test
  void patch_idRepeatedInRecordsBuiltByHand_firstOne() {
    Patch first = skip("a.B#m()");
    Patch second = skip("a.B#n()");

    Manifest manifest = new Manifest(1, List.of(first, second), Map.of());

    assertThat(manifest.patch("P")).containsSame(first);
  }

  private static Patch skip(String target) {
    Target parsed = MethodSyntax.target(target);
    return new Patch("P", parsed, new Action.Skip(), Optional.empty(), Rollout.FULL, OptionalInt.empty(), Mode.ACTIVE,
        Governance.NONE);
  }
}
