package dev.scalpel.testapps.targets;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Holds exactly one lambda, so that its synthetic body is the only {@code lambda$} method here
 * (javac names it {@code lambda$shout$0}; the tests look it up rather than trust that).
 */
public final class Lambdas {

  private Lambdas() {}

  /** The word in upper case with an exclamation mark, computed by a lambda. */
  public static String shout(String word) {
    UnaryOperator<String> loud = w -> w.toUpperCase(Locale.ROOT) + "!";
    return loud.apply(word);
  }
}
