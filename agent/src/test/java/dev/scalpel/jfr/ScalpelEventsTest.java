package dev.scalpel.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.Evidence;
import dev.scalpel.engine.LatencySamples;
import java.nio.file.Path;
import java.time.Duration;
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

  @Test
  void evidenceAndShadowMismatch_areRecorded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("evidence.jfr");
    Evidence.Interval interval = new Evidence.Interval(new Evidence.PathFigures(100, 3, LatencySamples.constant(2_000, 5)),
        new Evidence.PathFigures(40, 1, LatencySamples.constant(700, 2)));
    try (Recording r = new Recording()) {
      r.enable("dev.scalpel.PatchEvidence");
      r.enable("dev.scalpel.ShadowMismatch");
      r.start();
      ScalpelEvents.evidence("P-1", 10, interval);
      ScalpelEvents.shadowMismatch("P-2", "args=[1] original=1 fix=2");
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    assertThat(events).extracting(e -> e.getEventType().getName()).containsExactly(
        "dev.scalpel.PatchEvidence", "dev.scalpel.ShadowMismatch");
    RecordedEvent evidence = events.get(0);
    assertThat(evidence.getString("patchId")).isEqualTo("P-1");
    assertThat(evidence.getLong("callsFixed")).isEqualTo(100);
    assertThat(evidence.getLong("callsOriginal")).isEqualTo(40);
    assertThat(evidence.getLong("errorsFixed")).isEqualTo(3);
    assertThat(evidence.getLong("errorsOriginal")).isEqualTo(1);
    assertThat(evidence.getDuration("fixedP99")).isEqualTo(Duration.ofNanos(2_000));
    assertThat(evidence.getDuration("originalMax")).isEqualTo(Duration.ofNanos(700));
    assertThat(evidence.getLong("fixedSamples")).isEqualTo(5);
    assertThat(evidence.getLong("originalSamples")).isEqualTo(2);
    assertThat(events.get(1).getString("sample")).isEqualTo("args=[1] original=1 fix=2");
  }
}
