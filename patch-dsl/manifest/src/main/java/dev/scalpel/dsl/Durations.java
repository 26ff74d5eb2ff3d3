package dev.scalpel.dsl;

import java.time.Duration;

/** How the manifest spells a duration: a whole number and one unit, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
final class Durations {

  private Durations() {}

  /** {@code duration} in the largest unit that writes it whole. */
  static String format(Duration duration) {
    long nanos = duration.toNanos();
    long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    String[] units = {"d", "h", "m", "s", "ms", "us"};
    for (int i = 0; i < sizes.length; i++) {
      if (nanos != 0 && nanos % sizes[i] == 0) {
        return nanos / sizes[i] + units[i];
      }
    }
    return nanos == 0 ? "0s" : duration.toNanos() / 1_000 + "us";
  }
}
