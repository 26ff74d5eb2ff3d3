package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ManifestDiffTest {

  private static final Manifest RUNNING = Manifest.builder()
      .patch("KEEP", p -> p.target("a.B#keep()").returns(Constant.of(1)))
      .patch("CHANGE", p -> p.target("a.B#change()").returns(Constant.of(1)))
      .patch("REMOVE", p -> p.target("a.B#remove()").skip())
      .build();

  @Test
  void between_addedRemovedChanged_eachListed() {
    Manifest next = Manifest.builder()
        .patch("ADD", p -> p.target("a.B#add()").skip())
        .patch("CHANGE", p -> p.target("a.B#change()").returns(Constant.of(1)).rollout("50%"))
        .patch("KEEP", p -> p.target("a.B#keep()").returns(Constant.of(1)))
        .build();

    ManifestDiff diff = ManifestDiff.between(RUNNING, next);

    assertThat(diff.added()).containsExactly(next.patch("ADD").orElseThrow());
    assertThat(diff.removed()).containsExactly(RUNNING.patch("REMOVE").orElseThrow());
    assertThat(diff.changed()).containsExactly(
        new ManifestDiff.Change(RUNNING.patch("CHANGE").orElseThrow(), next.patch("CHANGE").orElseThrow()));
    assertThat(diff.unchanged()).containsExactly(RUNNING.patch("KEEP").orElseThrow());
    assertThat(diff.isEmpty()).isFalse();
  }

  @Test
  void between_reorderedPatches_allUnchanged() {
    Manifest reordered = Manifest.builder()
        .patch("REMOVE", p -> p.target("a.B#remove()").skip())
        .patch("KEEP", p -> p.target("a.B#keep()").returns(Constant.of(1)))
        .patch("CHANGE", p -> p.target("a.B#change()").returns(Constant.of(1)))
        .build();

    ManifestDiff diff = ManifestDiff.between(RUNNING, reordered);

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.unchanged()).containsExactlyElementsOf(reordered.patches());
  }

  @Test
  void between_sameManifest_empty() {
    assertThat(ManifestDiff.between(RUNNING, RUNNING).isEmpty()).isTrue();
  }

  @Test
  void between_fromNothing_allAdded() {
    ManifestDiff diff = ManifestDiff.between(Manifest.builder().build(), RUNNING);

    assertThat(diff.added()).containsExactlyElementsOf(RUNNING.patches());
    assertThat(diff.removed()).isEmpty();
  }

  @Test
  void between_toNothing_allRemoved() {
    ManifestDiff diff = ManifestDiff.between(RUNNING, Manifest.builder().build());

    assertThat(diff.removed()).containsExactlyElementsOf(RUNNING.patches());
    assertThat(diff.isEmpty()).isFalse();
  }

  @Test
  void between_governanceOnlyChange_changed() {
    Manifest next = Manifest.builder()
        .patch("KEEP", p -> p.target("a.B#keep()").returns(Constant.of(1)).ticket("T-9"))
        .patch("CHANGE", p -> p.target("a.B#change()").returns(Constant.of(1)))
        .patch("REMOVE", p -> p.target("a.B#remove()").skip())
        .build();

    assertThat(ManifestDiff.between(RUNNING, next).changed()).extracting(change -> change.after().id())
        .containsExactly("KEEP");
  }

  @Test
  void change_differentIds_refused() {
    assertThatThrownBy(() -> new ManifestDiff.Change(RUNNING.patch("KEEP").orElseThrow(), RUNNING.patch("CHANGE").orElseThrow()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change keeps the patch's id; was KEEP, then CHANGE");
  }
}
