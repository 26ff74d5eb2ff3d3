package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

final class UtcTimeTest {

  /** Guards that the audit log's time field reads exactly as the JDK's own instant text did. */
  @Test
  void of_writesWhatInstantToStringWrites() {
    List<Instant> instants = List.of(
        Instant.parse("2026-12-03T12:20:45.123Z"),
        Instant.parse("2026-12-03T12:20:45Z"),
        Instant.parse("2026-01-09T03:04:05.007Z"),
        Instant.parse("2026-01-09T03:04:05.070Z"),
        Instant.parse("2024-02-29T23:59:59.999999999Z"),
        Instant.parse("1970-01-01T00:00:00.000000001Z"),
        Instant.parse("0999-12-31T23:59:59.5Z"),
        Instant.parse("+10000-01-01T00:00:00.25Z"),
        Instant.ofEpochMilli(1_764_764_445_100L),
        Instant.now());
    for (Instant i : instants) {
      assertThat(UtcTime.of(i)).as(i.toString()).isEqualTo(i.truncatedTo(ChronoUnit.MILLIS).toString());
    }
  }
}
