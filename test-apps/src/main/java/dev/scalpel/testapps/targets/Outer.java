package dev.scalpel.testapps.targets;

/** Holds a nested class, {@code Outer$Inner}, that a patch cannot name as a type. */
public final class Outer {

  private Outer() {}

  /** Package-private, so a fix must take it as {@code Object}. */
  static final class Inner {
    String value() {
      return "inner value";
    }
  }
}
