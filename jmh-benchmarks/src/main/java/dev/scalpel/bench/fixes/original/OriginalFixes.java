package dev.scalpel.bench.fixes.original;

import dev.scalpel.api.Original;
import dev.scalpel.bench.app.Order;
import dev.scalpel.bench.app.PriceCalculator;

/** A fix that validates its input, then runs the original method through {@link Original#call}. */
public final class OriginalFixes {

  private OriginalFixes() {}

  /** Refuses a discount outside 0-100%, then returns what the original {@link PriceCalculator#total} returns. */
  public static long total(PriceCalculator self, Order order, int discountPercent) {
    if (discountPercent < 0 || discountPercent > 100) {
      throw new IllegalArgumentException("discount " + discountPercent + "% is outside 0-100%");
    }
    return Original.call(() -> self.total(order, discountPercent));
  }
}
