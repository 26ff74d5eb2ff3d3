package com.acme.pricing;

/** Prices carts, with a bug: the bundle discount is applied twice. */
public class PriceCalculator {

  /** The price of {@code qty} items of {@code cart}. */
  public long total(Cart cart, int qty) {
    long price = cart.unitPrice() * qty;
    return cart.bundle() ? price * 80 / 100 * 80 / 100 : price;
  }
}
