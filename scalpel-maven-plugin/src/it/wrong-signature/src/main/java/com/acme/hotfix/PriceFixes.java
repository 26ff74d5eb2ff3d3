package com.acme.hotfix;

import com.acme.pricing.Cart;
import dev.scalpel.api.Patch;

/** Forgets that the target is an instance method. */
public final class PriceFixes {

  private PriceFixes() {}

  @Patch(id = "PRICE-1432", target = "com.acme.pricing.PriceCalculator#total(com.acme.pricing.Cart, int)")
  static long total(Cart cart, int qty) {
    return cart.unitPrice() * qty;
  }
}
