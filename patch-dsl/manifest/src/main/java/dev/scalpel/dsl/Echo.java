package dev.scalpel.dsl;

/**
 * How a message shows a value the user wrote: in single quotes, shortened, with line breaks and
 * other control characters escaped so that every problem stays on one line.
 */
final class Echo {

  private static final int MAX_CODE_POINTS = 60;

  private Echo() {}

  /** {@code 'text'}, shortened to its first 60 characters followed by "...". */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      if (shown++ == MAX_CODE_POINTS) {
        return out.append("...'").toString();
      }
      int c = text.codePointAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04X", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }
}
