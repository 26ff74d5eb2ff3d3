package com.acme.hotfix;

import com.acme.pricing.Cart;
import com.acme.pricing.PriceCalculator;
import dev.scalpel.api.Patch;

/** Names a method the application does not have. */
public final class PriceFixes {

  private PriceFixes() {}

  @Patch(id = "PRICE-1433", target = "com.acme.pricing.PriceCalculator#totl(com.acme.pricing.Cart, int)")
  static long total(PriceCalculator self, Cart cart, int qty) {
    return cart.unitPrice() * qty;
  }
}
