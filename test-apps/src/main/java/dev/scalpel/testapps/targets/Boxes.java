package dev.scalpel.testapps.targets;

/** A method returning a boxed type. */
public final class Boxes {

  private Boxes() {}

  /** The decimal number in {@code text}, boxed. */
  public static Integer parse(String text) {
    return Integer.valueOf(text);
  }
}
