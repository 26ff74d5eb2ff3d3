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
  public enum Kind { NULL, BOOLEAN, INTEGER, DECIMAL, STRING }

  /** The {@code null} constant. */
  public static final Constant NULL = new Constant(Kind.NULL, "null");

  public Constant {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }
}
