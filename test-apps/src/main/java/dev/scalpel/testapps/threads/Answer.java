package dev.scalpel.testapps.threads;

/** The method the threads app calls: unpatched it answers 1; the end-to-end test patches it to answer 2. */
public final class Answer {

  private Answer() {}

  /** The answer for {@code key}: 1, whatever the key. */
  public static int of(int key) {
    return key >= 0 ? 1 : -1;
  }
}
