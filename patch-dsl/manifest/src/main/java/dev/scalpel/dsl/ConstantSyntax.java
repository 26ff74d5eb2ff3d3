package dev.scalpel.dsl;

import java.math.BigDecimal;

/**
 * The syntax of the values read as YAML typed them: the constant of {@code returns} and the
 * boolean of {@code skip}. Only unambiguous spellings are taken, so that a manifest means the same
 * to its reader as to Scalpel: {@code yes}, octal {@code 017} or {@code 0x1F} are refused with
 * what to write instead. Each method returns the parsed value or throws {@link Invalid}.
 */
final class ConstantSyntax {

  private static final int MAX_DECIMAL_LENGTH = 64;
  private static final String OR_QUOTE = ", or quote it to return a string";

  private ConstantSyntax() {}

  /**
   * The constant of {@code returns}: null, a boolean, a decimal integer within {@code long}, a
   * decimal within {@code double}, or a string; the text in the canonical form of its kind.
   */
  static Constant constant(Value.Scalar scalar) {
    String text = scalar.text();
    return switch (scalar.kind()) {
      case NULL -> Constant.NULL;
      case BOOLEAN -> Constant.of(bool(Key.RETURNS, text, OR_QUOTE));
      case INTEGER -> integer(text);
      case DECIMAL -> decimal(text);
      case STRING -> Constant.of(text);
    };
  }

  /** {@code skip}: only {@code true} means something. */
  static boolean skip(Value.Scalar scalar) {
    if (scalar.kind() != Constant.Kind.BOOLEAN) {
      throw new Invalid("skip takes true, not " + scalar.describe() + "; write skip: true");
    }
    if (!bool(Key.SKIP, scalar.text(), "")) {
      throw new Invalid("skip: false does nothing; write skip: true to return at once from the method,"
          + " or remove the key");
    }
    return true;
  }

  private static boolean bool(Key key, String text, String orElse) {
    return switch (text) {
      case "true", "True", "TRUE" -> true;
      case "false", "False", "FALSE" -> false;
      default -> throw new Invalid(key + " " + Echo.quoted(text) + " is ambiguous: YAML 1.1 reads it as a boolean;"
          + " write true or false" + orElse);
    };
  }

  private static Constant integer(String text) {
    String digits = text.replace("_", "");
    if (!TextShapes.isDecimalInteger(digits)) {
      throw new Invalid("returns " + Echo.quoted(text) + " is not a decimal integer (YAML reads it as octal, hex,"
          + " binary or base 60); write it in decimal, e.g. 42" + OR_QUOTE);
    }
    try {
      return Constant.of(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      throw new Invalid("returns " + Echo.quoted(text) + " is outside the range of long; write a number from "
          + Long.MIN_VALUE + " to " + Long.MAX_VALUE + OR_QUOTE);
    }
  }

  private static Constant decimal(String text) {
    String digits = text.replace("_", "");
    if (digits.length() > MAX_DECIMAL_LENGTH) {
      throw notFinite(text);
    }
    BigDecimal value;
    try {
      value = new BigDecimal(digits);
    } catch (NumberFormatException e) {
      throw notFinite(text);
    }
    double approximation = value.doubleValue();
    if (Double.isInfinite(approximation) || (approximation == 0 && value.signum() != 0)) {
      throw new Invalid("returns " + Echo.quoted(text) + " is beyond what a double holds; write a number from "
          + Double.MIN_VALUE + " to " + Double.MAX_VALUE + " in magnitude" + OR_QUOTE);
    }
    if (value.signum() == 0) {
      return new Constant(Constant.Kind.DECIMAL, digits.startsWith("-") ? "-0.0" : "0.0");
    }
    String plain = value.stripTrailingZeros().toPlainString();
    return new Constant(Constant.Kind.DECIMAL, plain.contains(".") ? plain : plain + ".0");
  }

  private static Invalid notFinite(String text) {
    return new Invalid("returns " + Echo.quoted(text) + " is not a finite decimal number of at most "
        + MAX_DECIMAL_LENGTH + " characters; write e.g. 0.5" + OR_QUOTE);
  }
}
