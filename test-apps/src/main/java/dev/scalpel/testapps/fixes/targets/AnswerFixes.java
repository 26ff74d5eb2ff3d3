package dev.scalpel.testapps.fixes.targets;

/**
 * A fix and a {@code when} guard for {@code dev.scalpel.testapps.threads.Answer#of}: even keys
 * take the fix, which answers 2; odd keys run the original, which answers 1. The evidence test
 * reads both paths' figures from the agent.
 */
public final class AnswerFixes {

  private AnswerFixes() {}

  /** Replaces {@code Answer#of(int)}: 2. */
  public static int of(int key) {
    return 2;
  }

  /** A {@code when} guard for {@link #of}: even keys take the fix. */
  public static boolean evenKey(int key) {
    return key % 2 == 0;
  }
}
