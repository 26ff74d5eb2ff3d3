package dev.scalpel.bench.app.legacy;

import dev.scalpel.bench.app.Order;

/**
 * {@code PriceCalculator#total} in a class file of version 49 (Java 5), which cannot hold
 * {@code invokedynamic}: the build rewrites the compiled class's version
 * ({@code OldClassFiles}), so its code keeps to what that version can hold (no string
 * concatenation, lambdas or class literals).
 */
public final class Java5Calculator {

  private final int taxBasisPoints;

  /** @param taxBasisPoints the sales tax in hundredths of a percent (825 is 8.25%) */
  public Java5Calculator(int taxBasisPoints) {
    this.taxBasisPoints = taxBasisPoints;
  }

  /** The sales tax in hundredths of a percent. */
  public int taxBasisPoints() {
    return taxBasisPoints;
  }

  /** The same computation, and the same bug, as {@code PriceCalculator#total}. */
  public long total(Order order, int discountPercent) {
    long gross = order.quantity() * order.unitCents();
    long net = gross * (100 - discountPercent) / 100;
    return net + (net * taxBasisPoints + 5_000) / 10_000;
  }
}
