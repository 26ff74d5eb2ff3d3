package dev.scalpel.testapps.targets;

/** A {@link Shape} that inherits {@link Shape#describe}. */
public final class Square extends Shape {

  private final int side;

  public Square(int side) {
    this.side = side;
  }

  @Override
  public String name() {
    return "square";
  }

  @Override
  public int area() {
    return side * side;
  }
}
