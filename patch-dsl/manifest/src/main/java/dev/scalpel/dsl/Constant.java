package dev.scalpel.dsl;

import java.util.Objects;

/**
 * The scalar of a {@code returns:} action as the manifest wrote it, before it is fitted to the
 * target's return type (which only the agent knows).
 *
 * @param kind what YAML resolved the scalar to
 * @param text its canonical text: {@code null}, {@code true}, {@code 42}, {@code 0.5}, or the string
 */
public record Constant(Kind kind, String text) {

  /** What YAML resolved a scalar to. */
  public enum Kind {
    /** {@code null} or {@code ~}: text {@code null}. */
    NULL,
    /** {@code true} or {@code false}, in lower case. */
    BOOLEAN,
    /** A decimal integer within {@code long}: {@code -42}. */
    INTEGER,
    /** A finite decimal within {@code double}, always with a point: {@code 0.5}, {@code 1000.0}. */
    DECIMAL,
    /** A string, as written (a quoted number, date or word stays a string). */
    STRING
  }

  /** The {@code null} constant. */
  public static final Constant NULL = new Constant(Kind.NULL, "null");

  /**
   * A constant. The text is checked only when a manifest is parsed or built: {@code returns}
   * rejects a text that its kind's YAML spelling would not produce.
   *
   * @throws NullPointerException if an argument is null
   */
  public Constant {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  /** The boolean constant {@code true} or {@code false}. */
  public static Constant of(boolean value) {
    return new Constant(Kind.BOOLEAN, Boolean.toString(value));
  }

  /** The integer constant {@code value}, in decimal. */
  public static Constant of(long value) {
    return new Constant(Kind.INTEGER, Long.toString(value));
  }

  /**
   * The string constant {@code value}.
   *
   * @throws NullPointerException if {@code value} is null: use {@link #NULL}
   */
  public static Constant of(String value) {
    return new Constant(Kind.STRING, Objects.requireNonNull(value, "value"));
  }
}
