package dev.scalpel.agent;

/**
 * The few number and column formats of the agent's log and status lines, written by hand: the
 * JDK's {@code String.format} loads its formatter, regular expressions and locale data into the
 * application on first use, and the first use would be during the agent's start.
 */
final class Figures {

  private Figures() {}

  /**
   * {@code nanos} as milliseconds with exactly {@code decimals} digits after the point (0 to 6),
   * rounded half up, as {@code String.format(Locale.ROOT, "%.Nf", nanos / 1e6)} writes them.
   *
   * @throws IllegalArgumentException if {@code decimals} is outside 0 to 6
   */
  static String millis(long nanos, int decimals) {
    if (decimals < 0 || decimals > 6) {
      throw new IllegalArgumentException("decimals " + decimals + " is outside 0 to 6");
    }
    long scale = 1;
    for (int i = 0; i < decimals; i++) {
      scale *= 10;
    }
    long step = 1_000_000 / scale;
    long units = Math.abs(nanos) / step + (Math.abs(nanos) % step * 2 >= step ? 1 : 0);
    StringBuilder s = new StringBuilder();
    if (nanos < 0 && units > 0) {
      s.append('-');
    }
    s.append(units / scale);
    if (decimals > 0) {
      String fraction = Long.toString(units % scale);
      s.append('.');
      for (int i = fraction.length(); i < decimals; i++) {
        s.append('0');
      }
      s.append(fraction);
    }
    return s.toString();
  }

  /** {@code text} followed by spaces up to {@code width} characters; longer text is kept whole. */
  static String padded(Object text, int width) {
    StringBuilder s = new StringBuilder(String.valueOf(text));
    while (s.length() < width) {
      s.append(' ');
    }
    return s.toString();
  }
}
