package dev.scalpel.testapps.targets;

/** An interface whose default method is a target. */
public interface Greeter {

  /** A greeting; declared as {@link CharSequence} so that a fix may return a subtype. */
  default CharSequence greet(String name) {
    return new StringBuilder("hello ").append(name);
  }
}
