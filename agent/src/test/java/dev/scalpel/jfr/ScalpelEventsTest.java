package dev.scalpel.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ScalpelEventsTest {

  @Test
  void events_areRecorded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("scalpel.jfr");
    try (Recording r = new Recording()) {
      r.enable("dev.scalpel.ManifestApplied");
      r.enable("dev.scalpel.ManifestRejected");
      r.enable("dev.scalpel.PatchRolledBack");
      r.start();
      ScalpelEvents.applied("/m.yaml", "ab", 2, 1);
      ScalpelEvents.rejected("/m.yaml", "bad");
      ScalpelEvents.rolledBack("P-1", "a.B#m()", "rollback");
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    assertThat(events).extracting(e -> e.getEventType().getName()).containsExactly(
        "dev.scalpel.ManifestApplied", "dev.scalpel.ManifestRejected", "dev.scalpel.PatchRolledBack");
    assertThat(events.get(0).getInt("applied")).isEqualTo(2);
    assertThat(events.get(1).getString("problems")).isEqualTo("bad");
    assertThat(events.get(2).getString("patchId")).isEqualTo("P-1");
  }
}
