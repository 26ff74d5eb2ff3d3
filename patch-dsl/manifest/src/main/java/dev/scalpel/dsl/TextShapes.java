package dev.scalpel.dsl;

/**
 * The shapes of the single values the manifest reads from their text (ids, hashes, percentages,
 * counts, factors, durations, argument names, dates and times), checked with plain loops: regular
 * expressions would load the JDK's regex engine into the application for every manifest. Each
 * method takes exactly the texts that the regular expression in its javadoc matches as a whole;
 * {@code TextShapesTest} holds them side by side. Digits are ASCII digits only.
 */
final class TextShapes {

  private TextShapes() {}

  /** {@code [A-Za-z0-9._-]}. */
  static boolean isIdChar(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '.' || c == '_' || c == '-';
  }

  /** {@code [A-Za-z0-9._-]+}. */
  static boolean isId(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isIdChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code [0-9a-fA-F]}. */
  static boolean isHexDigit(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** {@code [0-9a-fA-F]{64}}. */
  static boolean isSha256(String text) {
    if (text.length() != 64) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isHexDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code -?[0-9]{1,9}(\.[0-9]{1,9})?}. */
  static boolean isNumber(String text) {
    return isNumber(text, text.length());
  }

  /** {@code -?[0-9]{1,9}(\.[0-9]{1,9})?%}. */
  static boolean isPercent(String text) {
    return text.endsWith("%") && isNumber(text, text.length() - 1);
  }

  private static boolean isNumber(String text, int to) {
    int i = text.startsWith("-") ? 1 : 0;
    int whole = digits(text, i, to);
    if (whole < 1 || whole > 9) {
      return false;
    }
    i += whole;
    if (i == to) {
      return true;
    }
    if (text.charAt(i) != '.') {
      return false;
    }
    int fraction = digits(text, i + 1, to);
    return fraction >= 1 && fraction <= 9 && i + 1 + fraction == to;
  }

  /** {@code -?[0-9]{1,12}}. */
  static boolean isCount(String text) {
    int i = text.startsWith("-") ? 1 : 0;
    int count = digits(text, i, text.length());
    return count >= 1 && count <= 12 && i + count == text.length();
  }

  /** {@code [0-9]{1,6}(\.[0-9]{1,2})?x}. */
  static boolean isFactor(String text) {
    if (!text.endsWith("x")) {
      return false;
    }
    int to = text.length() - 1;
    int whole = digits(text, 0, to);
    if (whole < 1 || whole > 6) {
      return false;
    }
    if (whole == to) {
      return true;
    }
    if (text.charAt(whole) != '.') {
      return false;
    }
    int fraction = digits(text, whole + 1, to);
    return fraction >= 1 && fraction <= 2 && whole + 1 + fraction == to;
  }

  /**
   * Where the unit starts in a duration {@code [0-9]{1,9}(us|ms|s|m|h|d)}, or -1 if {@code text}
   * is not one.
   */
  static int durationUnit(String text) {
    int count = digits(text, 0, text.length());
    if (count < 1 || count > 9) {
      return -1;
    }
    return switch (text.substring(count)) {
      case "us", "ms", "s", "m", "h", "d" -> count;
      default -> -1;
    };
  }

  /** {@code arg(0|[1-9][0-9]{0,2})}. */
  static boolean isArgument(String text) {
    if (!text.startsWith("arg")) {
      return false;
    }
    int count = digits(text, 3, text.length());
    return count >= 1 && count <= 3 && 3 + count == text.length() && (count == 1 || text.charAt(3) != '0');
  }

  /** {@code [0-9]{4}-[0-9]{2}-[0-9]{2}}. */
  static boolean isDate(String text) {
    return text.length() == 10 && digits(text, 0, 4) == 4 && text.charAt(4) == '-' && digits(text, 5, 7) == 2
        && text.charAt(7) == '-' && digits(text, 8, 10) == 2;
  }

  /** {@code [Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?}: a time of day without a zone. */
  static boolean isLocalTime(String text) {
    int end = hoursMinutes(text);
    if (end < 0 || end == text.length()) {
      return end == text.length();
    }
    end = secondsAndFraction(text, end);
    return end == text.length();
  }

  /** {@code [Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})}. */
  static boolean isZonedTime(String text) {
    int end = hoursMinutes(text);
    if (end < 0) {
      return false;
    }
    end = secondsAndFraction(text, end);
    if (end < 0 || end == text.length()) {
      return false;
    }
    char zone = text.charAt(end);
    if (zone == 'Z' || zone == 'z') {
      return end + 1 == text.length();
    }
    return (zone == '+' || zone == '-') && end + 6 == text.length() && digits(text, end + 1, end + 3) == 2
        && text.charAt(end + 3) == ':' && digits(text, end + 4, end + 6) == 2;
  }

  /** {@code [-+]?(0|[1-9][0-9]*)}. */
  static boolean isDecimalInteger(String text) {
    int i = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    int count = digits(text, i, text.length());
    return count >= 1 && i + count == text.length() && (count == 1 || text.charAt(i) != '0');
  }

  /** The index after {@code [Tt ][0-9]{2}:[0-9]{2}} at the start of {@code text}, or -1. */
  private static int hoursMinutes(String text) {
    if (text.length() < 6 || "Tt ".indexOf(text.charAt(0)) < 0) {
      return -1;
    }
    return digits(text, 1, 3) == 2 && text.charAt(3) == ':' && digits(text, 4, 6) == 2 ? 6 : -1;
  }

  /** The index after {@code :[0-9]{2}(\.[0-9]{1,9})?} at {@code from}, or -1. */
  private static int secondsAndFraction(String text, int from) {
    if (from + 3 > text.length() || text.charAt(from) != ':' || digits(text, from + 1, from + 3) != 2) {
      return -1;
    }
    int end = from + 3;
    if (end < text.length() && text.charAt(end) == '.') {
      int fraction = digits(text, end + 1, text.length());
      return fraction >= 1 && fraction <= 9 ? end + 1 + fraction : -1;
    }
    return end;
  }

  /** How many ASCII digits follow one another from {@code from}, stopping at {@code to}. */
  private static int digits(String text, int from, int to) {
    int i = from;
    while (i < to && i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    return i - from;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
