package dev.scalpel.bench.fixes;

/** The one fix every scale target is redirected to. */
public final class ScaleFixes {

  private ScaleFixes() {}

  /** The scale targets' price with the discount rounded half up. */
  public static int price(int quantity, int unitCents) {
    int gross = quantity * unitCents;
    return gross - (gross + 5) / 10;
  }
}
