package dev.scalpel.dsl;

/**
 * What a scalar means to YAML 1.1 as SnakeYAML's default resolver reads it: null, a boolean, an
 * integer, a float or a string. The same answer as that resolver for every text (its timestamp,
 * merge and other tags are strings here), found with plain loops: the resolver's regular
 * expressions and tag table would load some forty classes into the application for each manifest.
 * {@code YamlScalarsTest} holds the two side by side.
 */
final class YamlScalars {

  /** The longest text the resolver tries as a number; a longer one is a string. */
  private static final int MAX_NUMBER_LENGTH = 1024;

  private YamlScalars() {}

  /**
   * The kind of a scalar with no tag.
   *
   * @param plain whether it was written without quotes: a quoted scalar is always a string
   */
  static Constant.Kind kind(String text, boolean plain) {
    if (!plain) {
      return Constant.Kind.STRING;
    }
    if (text.isEmpty()) {
      return Constant.Kind.NULL;
    }
    if (isBoolean(text)) {
      return Constant.Kind.BOOLEAN;
    }
    if (text.length() <= MAX_NUMBER_LENGTH && isInteger(text)) {
      return Constant.Kind.INTEGER;
    }
    if (text.length() <= MAX_NUMBER_LENGTH && isFloat(text)) {
      return Constant.Kind.DECIMAL;
    }
    return switch (text) {
      case "~", "null", "Null", "NULL", " " -> Constant.Kind.NULL;
      default -> Constant.Kind.STRING;
    };
  }

  private static boolean isBoolean(String text) {
    return switch (text) {
      case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
          "on", "On", "ON", "off", "Off", "OFF" -> true;
      default -> false;
    };
  }

  /** Binary {@code 0b1_0}, octal {@code 017}, decimal {@code 1_000}, hex {@code 0x1F} or base 60 {@code 1:30}, signed or not. */
  private static boolean isInteger(String text) {
    int from = signed(text);
    int to = text.length();
    if (from == to) {
      return false;
    }
    if (text.startsWith("0b", from)) {
      return digitsAndUnderscores(text, from + 2, to, 2);
    }
    if (text.startsWith("0x", from)) {
      return digitsAndUnderscores(text, from + 2, to, 16);
    }
    char first = text.charAt(from);
    if (first == '0') {
      return to == from + 1 || digitsAndUnderscores(text, from + 1, to, 8);
    }
    if (first < '1' || first > '9') {
      return false;
    }
    int end = skipDecimals(text, from + 1, to);
    return end == to || sexagesimal(text, end, to) == to;
  }

  /**
   * Decimal {@code 1.5}, {@code 1e3}, {@code .5}, base 60 {@code 1:30.5}, infinity {@code .inf}
   * (signed or not), or not a number {@code .nan} (never signed).
   */
  private static boolean isFloat(String text) {
    switch (text) {
      case ".nan", ".NaN", ".NAN" -> {
        return true;
      }
      default -> {
        // a number of another form, or no number
      }
    }
    int from = signed(text);
    int to = text.length();
    if (from == to) {
      return false;
    }
    if (text.charAt(from) == '.') {
      String rest = text.substring(from + 1);
      if (rest.equals("inf") || rest.equals("Inf") || rest.equals("INF")) {
        return true;
      }
      int end = skipDecimals(text, from + 1, to);
      return end > from + 1 && exponentOrEnd(text, end, to);
    }
    if (!isDigit(text.charAt(from))) {
      return false;
    }
    int end = skipDecimals(text, from + 1, to);
    if (end < to && text.charAt(end) == '.') {
      return exponentOrEnd(text, skipDecimals(text, end + 1, to), to);
    }
    if (end < to && text.charAt(end) == ':') {
      int groups = sexagesimal(text, end, to);
      return groups < to && text.charAt(groups) == '.' && skipDecimals(text, groups + 1, to) == to;
    }
    return end < to && exponent(text, end, to);
  }

  private static int signed(String text) {
    return text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
  }

  /** Whether {@code text[from, to)} holds only digits of {@code radix} and underscores, and at least one digit. */
  private static boolean digitsAndUnderscores(String text, int from, int to, int radix) {
    boolean digit = false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c != '_' && !isDigit(c, radix)) {
        return false;
      }
      digit |= c != '_';
    }
    return digit;
  }

  /** The index after the decimal digits and underscores that start at {@code from}. */
  private static int skipDecimals(String text, int from, int to) {
    int i = from;
    while (i < to && (isDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  /**
   * The index after one or more groups {@code :S} from {@code from}, each {@code S} one digit or
   * two below 60; {@code from} itself if none is there, or if a group is malformed.
   */
  private static int sexagesimal(String text, int from, int to) {
    int i = from;
    while (i < to && text.charAt(i) == ':') {
      int digits = i + 1;
      while (digits < to && isDigit(text.charAt(digits))) {
        digits++;
      }
      int count = digits - (i + 1);
      if (count == 0 || count > 2 || (count == 2 && text.charAt(i + 1) > '5')) {
        return from;
      }
      i = digits;
    }
    return i;
  }

  private static boolean exponentOrEnd(String text, int from, int to) {
    return from == to || exponent(text, from, to);
  }

  /** Whether {@code text[from, to)} is exactly an exponent: {@code e} or {@code E}, an optional sign, digits. */
  private static boolean exponent(String text, int from, int to) {
    if (from >= to || (text.charAt(from) != 'e' && text.charAt(from) != 'E')) {
      return false;
    }
    int i = from + 1;
    if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      i++;
    }
    if (i == to) {
      return false;
    }
    for (; i < to; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isDigit(char c, int radix) {
    return switch (radix) {
      case 2 -> c == '0' || c == '1';
      case 8 -> c >= '0' && c <= '7';
      default -> isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
  }
}
