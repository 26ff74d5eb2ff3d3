package dev.scalpel.bench.app.scale;

/**
 * The template of the scale benchmarks' 1,000 patch targets: the build writes renamed copies of this
 * class, {@code Copy0001} to {@code Copy0999}, next to it. All of them carry the same bug.
 */
public final class ScaleTarget {

  private ScaleTarget() {}

  /** A line price in cents with 10% off; the bug: the discount truncates instead of rounding. */
  public static int price(int quantity, int unitCents) {
    int gross = quantity * unitCents;
    return gross - gross / 10;
  }

  /** The binary name of the {@code index}-th target: 0 is this class, 1 to 999 its copies. */
  public static String className(int index) {
    return index == 0 ? ScaleTarget.class.getName()
        : ScaleTarget.class.getPackageName() + String.format(java.util.Locale.ROOT, ".Copy%04d", index);
  }
}
