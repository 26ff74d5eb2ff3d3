package dev.scalpel.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Writes an instant as the audit log's {@code time} field: exactly what {@code
 * Instant.truncatedTo(MILLIS).toString()} writes ({@code 2026-12-03T12:20:45.123Z}, no fraction when
 * the milliseconds are zero), without the JDK's date-time formatter, whose first use loads about fifty
 * classes into the application during the agent's start.
 */
final class UtcTime {

  private UtcTime() {}

  /** The instant, truncated to milliseconds, in ISO-8601 UTC form as {@link Instant#toString()} writes it. */
  static String of(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 1000 || t.getYear() > 9999) {
      // Outside four-digit years the JDK's signs and padding apply; such clocks are rare enough.
      return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
    StringBuilder s = new StringBuilder(24);
    s.append(t.getYear()).append('-');
    two(s, t.getMonthValue()).append('-');
    two(s, t.getDayOfMonth()).append('T');
    two(s, t.getHour()).append(':');
    two(s, t.getMinute()).append(':');
    two(s, t.getSecond());
    int millis = instant.getNano() / 1_000_000;
    if (millis > 0) {
      s.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
          .append((char) ('0' + millis % 10));
    }
    return s.append('Z').toString();
  }

  private static StringBuilder two(StringBuilder s, int value) {
    return s.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
