package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class ManifestSnapshotTest {

  /** The fingerprint's hand-written equals and hashCode compare every component, nulls included. */
  @Test
  void fingerprint_equalByEveryComponent() {
    ManifestSnapshot.Fingerprint f = new ManifestSnapshot.Fingerprint(Path.of("/etc/a.yaml"), "11", null);
    assertThat(f).isEqualTo(new ManifestSnapshot.Fingerprint(Path.of("/etc/a.yaml"), "11", null))
        .hasSameHashCodeAs(new ManifestSnapshot.Fingerprint(Path.of("/etc/a.yaml"), "11", null));
    assertThat(f).isNotEqualTo(new ManifestSnapshot.Fingerprint(Path.of("/etc/b.yaml"), "11", null))
        .isNotEqualTo(new ManifestSnapshot.Fingerprint(Path.of("/etc/a.yaml"), "12", null))
        .isNotEqualTo(new ManifestSnapshot.Fingerprint(Path.of("/etc/a.yaml"), "11", "22"))
        .isNotEqualTo(null);
    assertThat(new ManifestSnapshot.Fingerprint(null, null, "22"))
        .isEqualTo(new ManifestSnapshot.Fingerprint(null, null, "22"));
  }
}
