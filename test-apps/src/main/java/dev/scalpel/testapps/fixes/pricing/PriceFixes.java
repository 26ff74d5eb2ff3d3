package dev.scalpel.testapps.fixes.pricing;

import dev.scalpel.testapps.pricing.Cart;
import dev.scalpel.testapps.pricing.PriceCalculator;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The hotfix for {@link PriceCalculator#total}: exact decimal arithmetic, then rounding once. */
public final class PriceFixes {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private PriceFixes() {}

  /** Replaces {@link PriceCalculator#total(Cart, int)}. */
  public static BigDecimal total(PriceCalculator self, Cart cart, int discountPercent) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Cart.Line line : cart.lines()) {
      sum = sum.add(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
    }
    return sum.multiply(BigDecimal.valueOf(100 - discountPercent))
        .divide(HUNDRED)
        .setScale(2, RoundingMode.HALF_UP);
  }

  /** A {@code when} guard for {@link #total}: only carts priced without a discount take the fix. */
  public static boolean withoutDiscount(PriceCalculator self, Cart cart, int discountPercent) {
    return discountPercent == 0;
  }
}
