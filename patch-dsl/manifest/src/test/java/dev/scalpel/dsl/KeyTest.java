package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class KeyTest {

  @Test
  void nearest_closeMisspellings_suggested() {
    assertThat(Key.nearest("tagret", Key.PATCH)).contains(Key.TARGET);
    assertThat(Key.nearest("Target", Key.PATCH)).contains(Key.TARGET);
    assertThat(Key.nearest("approved_by", Key.PATCH)).contains(Key.APPROVED_BY);
    assertThat(Key.nearest("sticky", Key.PATCH)).contains(Key.STICKY_BY);
    assertThat(Key.nearest("throw", Key.PATCH)).contains(Key.THROWS);
    assertThat(Key.nearest("ids", Key.PATCH)).contains(Key.ID);
    assertThat(Key.nearest("patch", Key.TOP_LEVEL)).contains(Key.PATCHES);
  }

  @Test
  void nearest_farFromEveryKey_nothing() {
    assertThat(Key.nearest("colour", Key.PATCH)).isEmpty();
    assertThat(Key.nearest("x", Key.PATCH)).isEmpty();
    assertThat(Key.nearest("target".repeat(1000), Key.PATCH)).isEmpty();
  }

  @Test
  void distance_swapOfNeighbours_countsOnce() {
    assertThat(Key.distance("tagret", "target")).isEqualTo(1);
    assertThat(Key.distance("", "abc")).isEqualTo(3);
    assertThat(Key.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void of_exactSpellingOnly() {
    assertThat(Key.of("approvedBy")).contains(Key.APPROVED_BY);
    assertThat(Key.of("approvedby")).isEmpty();
  }
}
