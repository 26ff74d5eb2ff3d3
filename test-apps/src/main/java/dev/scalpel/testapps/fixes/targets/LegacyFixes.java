package dev.scalpel.testapps.fixes.targets;

/** The fix for the class whose class file predates Java 7. */
public final class LegacyFixes {

  private LegacyFixes() {}

  /** Replaces {@code dev.scalpel.testapps.legacy.Legacy#triple(int)}. */
  public static int triple(int x) {
    return 30 * x;
  }
}
