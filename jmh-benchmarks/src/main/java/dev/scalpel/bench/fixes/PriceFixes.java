package dev.scalpel.bench.fixes;

import dev.scalpel.bench.app.Order;
import dev.scalpel.bench.app.PriceCalculator;

/** The fix of {@link PriceCalculator#total} and the {@code when} guards the benchmarks use. */
public final class PriceFixes {

  private PriceFixes() {}

  /** {@link PriceCalculator#total} with the discounted amount rounded half up. */
  public static long total(PriceCalculator self, Order order, int discountPercent) {
    long gross = order.quantity() * order.unitCents();
    long net = (gross * (100 - discountPercent) + 50) / 100;
    return net + (net * self.taxBasisPoints() + 5_000) / 10_000;
  }

  /** A {@code when} guard that takes the fix for bulk lines only (10 units or more). */
  public static boolean bulkOrder(PriceCalculator self, Order order, int discountPercent) {
    return order.quantity() >= 10;
  }

  /** A {@code when} guard that never takes the fix: the patch is installed and active, every call runs the original. */
  public static boolean never(PriceCalculator self, Order order, int discountPercent) {
    return false;
  }
}
