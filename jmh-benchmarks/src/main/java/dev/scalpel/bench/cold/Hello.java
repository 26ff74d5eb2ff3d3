package dev.scalpel.bench.cold;

/** The yardstick of the cold-path section: a plain {@code java} hello world. */
public final class Hello {

  private Hello() {}

  /** Prints one line. */
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
