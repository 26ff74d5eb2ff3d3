package com.acme.hotfix;

import com.acme.pricing.Cart;
import com.acme.pricing.PriceCalculator;
import dev.scalpel.api.Patch;
import dev.scalpel.api.When;

/** Applies the bundle discount once. */
public final class PriceFixes {

  private PriceFixes() {}

  @Patch(id = "PRICE-1432", target = "com.acme.pricing.PriceCalculator#total(com.acme.pricing.Cart, int)",
      ticket = "PRICE-1432", reason = "Bundle discount applied twice", rollout = "10%", stickyBy = "arg0")
  static long total(PriceCalculator self, Cart cart, int qty) {
    return cart.unitPrice() * qty * 80 / 100;
  }

  @When("PRICE-1432")
  static boolean bundles(PriceCalculator self, Cart cart, int qty) {
    return cart.bundle();
  }
}
