package dev.scalpel.bench.fixes;

import dev.scalpel.bench.app.Order;
import dev.scalpel.bench.app.legacy.Java13Calculator;
import dev.scalpel.bench.app.legacy.Java5Calculator;

/** {@link PriceFixes#total} for the legacy calculators, whose class files predate Java 7. */
public final class LegacyFixes {

  private LegacyFixes() {}

  /** Fixes {@link Java13Calculator#total} as {@link PriceFixes#total} fixes {@code PriceCalculator#total}. */
  public static long totalJava13(Java13Calculator self, Order order, int discountPercent) {
    long gross = order.quantity() * order.unitCents();
    long net = (gross * (100 - discountPercent) + 50) / 100;
    return net + (net * self.taxBasisPoints() + 5_000) / 10_000;
  }

  /** Fixes {@link Java5Calculator#total} as {@link PriceFixes#total} fixes {@code PriceCalculator#total}. */
  public static long totalJava5(Java5Calculator self, Order order, int discountPercent) {
    long gross = order.quantity() * order.unitCents();
    long net = (gross * (100 - discountPercent) + 50) / 100;
    return net + (net * self.taxBasisPoints() + 5_000) / 10_000;
  }
}
