package dev.scalpel.dsl;

import java.util.List;

/**
 * A manifest before validation: the shape the YAML reader and the builder both produce, so that
 * one validator checks both.
 */
sealed interface Value {

  /** Where the value starts. */
  Location location();

  /** What the value is, for messages: "a list", "a map", "a string"... */
  String describe();

  /**
   * A single value.
   *
   * @param kind what YAML resolved it to; a timestamp or any other plain scalar is a string
   * @param text the text as written, without quotes; empty for an empty value
   */
  record Scalar(Location location, Constant.Kind kind, String text) implements Value {

    /** Whether nothing was written ({@code key:} followed by nothing). */
    boolean isAbsent() {
      return kind == Constant.Kind.NULL && text.isEmpty();
    }

    @Override
    public String describe() {
      return switch (kind) {
        case NULL -> isAbsent() ? "nothing" : "null";
        case BOOLEAN -> "the boolean " + text;
        case INTEGER, DECIMAL -> "a number";
        case STRING -> "the string " + Echo.quoted(text);
      };
    }
  }

  /** A list. */
  record Sequence(Location location, List<Value> items) implements Value {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A map, its entries in the order written, duplicates kept for the validator to report. */
  record Mapping(Location location, List<Entry> entries) implements Value {
    @Override
    public String describe() {
      return "a map";
    }
  }

  /** One {@code key: value} of a map. */
  record Entry(String key, Location keyLocation, Value value) {}
}
