package dev.scalpel.dsl;

/**
 * A value that does not parse. Its message says what is wrong and what to write; the reader that
 * catches it adds the location. It never leaves this package.
 */
final class Invalid extends RuntimeException {

  @java.io.Serial
  private static final long serialVersionUID = 1L;

  Invalid(String message) {
    super(message, null, false, false);
  }
}
