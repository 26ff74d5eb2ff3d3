package dev.scalpel.testapps.threads;

/** A method whose original refuses some keys, so that a test can count the exceptions it throws. */
public final class Strict {

  private Strict() {}

  /**
   * 1 for {@code key}.
   *
   * @throws IllegalArgumentException if {@code key} is a multiple of 3
   */
  public static int of(int key) {
    if (key % 3 == 0) {
      throw new IllegalArgumentException("key " + key + " is a multiple of 3");
    }
    return 1;
  }
}
