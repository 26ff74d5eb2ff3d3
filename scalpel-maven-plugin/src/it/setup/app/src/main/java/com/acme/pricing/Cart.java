package com.acme.pricing;

/** A cart: the unit price of its items, and whether they come as a bundle. */
public record Cart(long unitPrice, boolean bundle) {}
