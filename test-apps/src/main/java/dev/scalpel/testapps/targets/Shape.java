package dev.scalpel.testapps.targets;

/** An abstract class whose concrete method is a target, called through a subclass. */
public abstract class Shape {

  /** The shape's kind, e.g. {@code square}. */
  public abstract String name();

  /** The shape's area. */
  public abstract int area();

  /** A concrete method that subclasses inherit. */
  public String describe() {
    return name() + " with area " + area();
  }
}
