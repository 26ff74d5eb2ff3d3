package dev.scalpel.bench.app;

/**
 * The benchmarks' patch target: a small pricing computation on an object and a primitive that
 * returns a primitive, the shape of most hotfix targets. {@link #total} has the bug the fixes
 * repair; {@link #shipping} is the patched class's method that no patch targets.
 */
public final class PriceCalculator {

  private final int taxBasisPoints;

  /** @param taxBasisPoints the sales tax in hundredths of a percent (825 is 8.25%) */
  public PriceCalculator(int taxBasisPoints) {
    this.taxBasisPoints = taxBasisPoints;
  }

  /** The sales tax in hundredths of a percent. */
  public int taxBasisPoints() {
    return taxBasisPoints;
  }

  /**
   * The line's total in cents, after the discount and with tax. The bug: the discounted amount is
   * truncated instead of rounded, so some lines come out a cent short.
   */
  public long total(Order order, int discountPercent) {
    long gross = order.quantity() * order.unitCents();
    long net = gross * (100 - discountPercent) / 100;
    return net + (net * taxBasisPoints + 5_000) / 10_000;
  }

  /** The line's shipping in cents: free from 10 units. Not a patch target. */
  public long shipping(Order order) {
    return order.quantity() >= 10 ? 0 : 499 + order.quantity() * 50L;
  }
}
