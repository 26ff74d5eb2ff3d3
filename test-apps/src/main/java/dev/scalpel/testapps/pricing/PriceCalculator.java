package dev.scalpel.testapps.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices carts. The bug Scalpel's demo fixes lives here: {@link #total} adds up prices as
 * {@code double}, so a total that should round up at exactly half a cent sometimes lands a hair
 * below it and rounds down, a cent short.
 */
public class PriceCalculator {

  /**
   * The cart's total after a percentage discount, rounded half-up to cents.
   *
   * @param cart            what is bought
   * @param discountPercent 0 to 100
   * @return the total, with two decimals
   */
  public BigDecimal total(Cart cart, int discountPercent) {
    double sum = 0;
    for (Cart.Line line : cart.lines()) {
      sum += line.unitPrice().doubleValue() * line.quantity();
    }
    double discounted = sum * (100 - discountPercent) / 100;
    return new BigDecimal(discounted).setScale(2, RoundingMode.HALF_UP);
  }
}
