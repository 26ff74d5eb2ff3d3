package dev.scalpel.bench.app;

/** One order line of the pricing application the benchmarks patch. */
public final class Order {

  private final int quantity;
  private final long unitCents;

  /**
   * @param quantity  how many units
   * @param unitCents the price of one unit, in cents
   */
  public Order(int quantity, long unitCents) {
    this.quantity = quantity;
    this.unitCents = unitCents;
  }

  /** How many units. */
  public int quantity() {
    return quantity;
  }

  /** The price of one unit, in cents. */
  public long unitCents() {
    return unitCents;
  }
}
