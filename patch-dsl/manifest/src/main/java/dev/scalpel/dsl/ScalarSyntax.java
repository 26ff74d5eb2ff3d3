package dev.scalpel.dsl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The syntax of the single values that are read from their text, whatever YAML resolved them to:
 * version, id, free text, sha256, percentages, stickyBy, mode, expires, minCalls, maxLatency and durations. Each method returns the
 * parsed value or throws {@link Invalid}; none is given an empty or null scalar.
 */
final class ScalarSyntax {

  // The shapes of the values are checked by TextShapes, with loops rather than regular expressions.
  private static final int MAX_ID_LENGTH = 64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final int MAX_MIN_CALLS = 1_000_000_000;
  private static final int MAX_ARGUMENT = 254;
  // As numbers, not parsed text: parsing would load the JDK's date-time formatter into the
  // application for every manifest, most of which have no date at all.
  private static final Instant EARLIEST = Instant.EPOCH;
  /** 9999-12-31T23:59:59.999999999Z. */
  private static final Instant LATEST = Instant.ofEpochSecond(253_402_300_799L, 999_999_999);
  private static final String RFC_3339 = "write an RFC 3339 date-time, e.g. 2026-12-31T00:00:00Z";

  private ScalarSyntax() {}

  /** The manifest format version: only {@code 1} is read. */
  static int version(Value.Scalar scalar) {
    if (scalar.kind() == Constant.Kind.INTEGER && scalar.text().equals("1")) {
      return 1;
    }
    throw new Invalid(scalar.kind() == Constant.Kind.INTEGER
        ? "version " + Echo.quoted(scalar.text()) + " is not one this Scalpel reads; write scalpel: 1"
        : "scalpel is the manifest format version, a number, not " + scalar.describe() + "; write scalpel: 1");
  }

  /** A patch id: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
  static String id(Value.Scalar scalar) {
    String id = scalar.text();
    String allowed = "write 1 to " + MAX_ID_LENGTH + " letters A-Z a-z, digits, '.', '_' or '-',"
        + " e.g. PRICE-1432";
    if (id.isEmpty()) {
      throw new Invalid("id is empty; " + allowed);
    }
    if (!TextShapes.isId(id)) {
      throw new Invalid("id " + Echo.quoted(id) + " contains " + Echo.quoted(firstNot(id, false)) + "; " + allowed);
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new Invalid("id is " + id.length() + " characters long, more than " + MAX_ID_LENGTH + "; shorten it");
    }
    return id;
  }

  /** Free text ({@code jar}, {@code message}, governance fields): anything but empty. */
  static String text(Key key, Value.Scalar scalar) {
    if (scalar.text().isEmpty()) {
      throw new Invalid(key + " is empty; write " + key.example() + ", or remove the key");
    }
    return scalar.text();
  }

  /** A SHA-256 of 64 hex digits, returned in lower case. */
  static String sha256(Value.Scalar scalar) {
    String text = scalar.text();
    String write = "; write the jar's SHA-256 as 64 hex digits, e.g. as sha256sum prints it";
    if (text.length() != 64) {
      throw new Invalid("sha256 is " + text.length() + " characters long, not 64" + write);
    }
    if (!TextShapes.isSha256(text)) {
      throw new Invalid("sha256 contains " + Echo.quoted(firstNot(text, true)) + ", which is not a hex digit" + write);
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /** A rollout: a percentage from {@code 0%} to {@code 100%} with up to two decimals. */
  static Rollout rollout(Value.Scalar scalar) {
    return percent(Key.ROLLOUT, scalar);
  }

  /**
   * A percentage from {@code 0%} to {@code 100%} with up to two decimals, in hundredths of a
   * percent, for {@code key} ({@code rollout}, {@code maxErrorRate}, a progress step).
   */
  static Rollout percent(Key key, Value.Scalar scalar) {
    String text = scalar.text();
    if (TextShapes.isNumber(text)) {
      BigDecimal number = new BigDecimal(text);
      boolean inRange = number.signum() >= 0 && number.compareTo(HUNDRED) <= 0;
      throw new Invalid(key + " " + Echo.quoted(text) + " has no '%'; write "
          + (inRange ? text + "%" : "0% to 100%, e.g. 10%"));
    }
    if (!TextShapes.isPercent(text)) {
      throw new Invalid(key + " " + Echo.quoted(text)
          + " is not a percentage; write 0% to 100% with up to two decimals, e.g. 10% or 12.5%");
    }
    BigDecimal percent = new BigDecimal(text.substring(0, text.length() - 1)).stripTrailingZeros();
    if (percent.signum() < 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " is below 0%; write 0% to 100%, e.g. 0% for no calls");
    }
    if (percent.compareTo(HUNDRED) > 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " is above 100%; write 0% to 100%, e.g. 100% for every call");
    }
    if (percent.scale() > 2) {
      throw new Invalid(key + " " + Echo.quoted(text) + " has more than two decimals; write e.g. "
          + percent.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%");
    }
    return new Rollout(percent.movePointRight(2).intValueExact());
  }

  /** {@code minCalls}: a whole number from 1 to 1,000,000,000. */
  static int minCalls(Value.Scalar scalar) {
    String text = scalar.text();
    if (!TextShapes.isCount(text)) {
      throw new Invalid("minCalls " + Echo.quoted(text) + " is not a whole number; write a number of calls from 1 to "
          + MAX_MIN_CALLS + ", e.g. minCalls: 100");
    }
    long calls = Long.parseLong(text);
    if (calls < 1 || calls > MAX_MIN_CALLS) {
      throw new Invalid("minCalls " + text + " is outside 1 to " + MAX_MIN_CALLS + "; write e.g. minCalls: 100");
    }
    return (int) calls;
  }

  /**
   * {@code maxLatency}: {@code Nx} (N more than 1, up to two decimals), or an absolute bound
   * above zero in {@code us}, {@code ms} or {@code s}.
   */
  static LatencyBound maxLatency(Value.Scalar scalar) {
    String text = scalar.text();
    String write = "; write a factor of the original's p99 such as 3x, or a bound such as 50ms or 2s";
    if (TextShapes.isFactor(text)) {
      BigDecimal n = new BigDecimal(text.substring(0, text.length() - 1));
      if (n.compareTo(BigDecimal.ONE) <= 0) {
        throw new Invalid("maxLatency " + Echo.quoted(text) + " is not above 1x: it would take out a fix as fast as the"
            + " original" + write);
      }
      return new LatencyBound.Relative(n);
    }
    int unitAt = TextShapes.durationUnit(text);
    if (unitAt < 0) {
      throw new Invalid("maxLatency " + Echo.quoted(text) + " is neither a factor nor a duration" + write);
    }
    String unit = text.substring(unitAt);
    if (!unit.equals("us") && !unit.equals("ms") && !unit.equals("s")) {
      throw new Invalid("maxLatency " + Echo.quoted(text) + " is in " + unit + "; write it in us, ms or s, e.g. 50ms");
    }
    Duration bound = duration(text, unitAt);
    if (bound.isZero()) {
      throw new Invalid("maxLatency " + Echo.quoted(text) + " is zero; every call would trip it" + write);
    }
    return new LatencyBound.Absolute(bound);
  }

  /**
   * A duration for {@code key} ({@code window}, {@code every}): a whole number of seconds from
   * {@code min} to {@code max}, written in {@code s}, {@code m}, {@code h} or {@code d}.
   */
  static Duration seconds(Key key, Value.Scalar scalar, Duration min, Duration max) {
    String text = scalar.text();
    String range = Durations.format(min) + " to " + Durations.format(max);
    int unitAt = TextShapes.durationUnit(text);
    if (unitAt < 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " is not a duration; write a whole number and a unit, s, m, h"
          + " or d, from " + range + ", e.g. " + key.example());
    }
    Duration duration = duration(text, unitAt);
    if (duration.toNanos() % 1_000_000_000L != 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " is not a whole number of seconds; write e.g. " + key.example());
    }
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " is outside " + range + "; write e.g. " + key.example());
    }
    return duration;
  }

  /** The duration {@code text}, whose unit starts at {@code unitAt}. */
  private static Duration duration(String text, int unitAt) {
    long n = Long.parseLong(text.substring(0, unitAt));
    return switch (text.substring(unitAt)) {
      case "us" -> Duration.ofNanos(n * 1_000);
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** {@code argN}: the 0-based index of the argument whose value picks the rollout bucket. */
  static int stickyBy(Value.Scalar scalar) {
    String text = scalar.text();
    if (!TextShapes.isArgument(text)) {
      throw new Invalid("stickyBy " + Echo.quoted(text) + " names no argument; write argN with N the 0-based index of a"
          + " parameter, without leading zeros, e.g. arg0 for the first");
    }
    int index = Integer.parseInt(text.substring(3));
    if (index > MAX_ARGUMENT) {
      throw new Invalid("stickyBy " + Echo.quoted(text)
          + " is past the last parameter a method can have; write arg0 to arg" + MAX_ARGUMENT);
    }
    return index;
  }

  /** {@code active}, {@code shadow} or {@code disabled}, in lower case. */
  static Mode mode(Value.Scalar scalar) {
    String text = scalar.text();
    Mode ignoringCase = null;
    for (Mode mode : Mode.values()) {
      if (mode.spelling().equals(text)) {
        return mode;
      }
      if (mode.spelling().equalsIgnoreCase(text)) {
        ignoringCase = mode;
      }
    }
    throw new Invalid("mode " + Echo.quoted(text) + " is not active, shadow or disabled"
        + (ignoringCase == null ? "" : "; write " + ignoringCase.spelling() + " in lower case"));
  }

  /** An RFC 3339 date-time with a zone or offset, from 1970 to 9999. */
  static Instant expires(Value.Scalar scalar) {
    String text = scalar.text();
    String date = text.length() >= 10 ? text.substring(0, 10) : text;
    String time = text.length() >= 10 ? text.substring(10) : "";
    if (!TextShapes.isDate(date)) {
      throw new Invalid("expires " + Echo.quoted(text) + " is not a date-time; " + RFC_3339);
    }
    if (time.isEmpty()) {
      throw new Invalid("expires " + Echo.quoted(text) + " has no time; write e.g. " + date + "T00:00:00Z");
    }
    if (TextShapes.isLocalTime(time)) {
      throw new Invalid("expires " + Echo.quoted(text)
          + " has no time zone; end it with Z for UTC or an offset such as +02:00");
    }
    if (!TextShapes.isZonedTime(time)) {
      throw new Invalid("expires " + Echo.quoted(text) + " is not a date-time; " + RFC_3339);
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(date + "T" + time.substring(1).toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw new Invalid("expires " + Echo.quoted(text) + " is not a valid date or time of day; " + RFC_3339);
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new Invalid("expires " + Echo.quoted(text) + " is outside 1970 to 9999 (UTC); " + RFC_3339);
    }
    return instant;
  }

  /** The first character (code point) of {@code text} that is not a hex digit, or not allowed in an id. */
  private static String firstNot(String text, boolean hex) {
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      int c = text.codePointAt(i);
      if (hex ? !TextShapes.isHexDigit(c) : !TextShapes.isIdChar(c)) {
        return Character.toString(c);
      }
    }
    throw new IllegalArgumentException("every character of " + Echo.quoted(text) + " is allowed");
  }
}
