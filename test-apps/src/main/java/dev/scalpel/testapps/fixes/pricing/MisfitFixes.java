package dev.scalpel.testapps.fixes.pricing;

import dev.scalpel.testapps.pricing.Cart;
import dev.scalpel.testapps.pricing.PriceCalculator;
import java.math.BigDecimal;

/**
 * A fix that does not fit its target, for the test that the agent refuses it: the discount is
 * a {@code String} here but an {@code int} in {@link PriceCalculator#total(Cart, int)}.
 */
public final class MisfitFixes {

  private MisfitFixes() {}

  /** Has the wrong third parameter type for {@link PriceCalculator#total(Cart, int)}. */
  public static BigDecimal total(PriceCalculator self, Cart cart, String discountPercent) {
    throw new AssertionError("a fix that does not fit its target must never be called");
  }
}
