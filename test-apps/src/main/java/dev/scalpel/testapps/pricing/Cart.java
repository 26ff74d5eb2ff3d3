package dev.scalpel.testapps.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a customer buys: one or more lines of a unit price times a quantity.
 *
 * @param lines the cart's lines, in the order they were added
 */
public record Cart(List<Line> lines) {

  /**
   * One line of a cart.
   *
   * @param unitPrice the price of one item, in the currency's major unit (e.g. {@code 2.675})
   * @param quantity  how many items
   */
  public record Line(BigDecimal unitPrice, int quantity) {}

  public Cart {
    lines = List.copyOf(lines);
  }

  /** A cart of the given lines. */
  public static Cart of(Line... lines) {
    return new Cart(List.of(lines));
  }

  /** A line of {@code quantity} items at {@code unitPrice}, written as a decimal string. */
  public static Line line(int quantity, String unitPrice) {
    return new Line(new BigDecimal(unitPrice), quantity);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Line line : lines) {
      if (text.length() > 0) {
        text.append(" + ");
      }
      text.append(line.quantity()).append(" x ").append(line.unitPrice().toPlainString());
    }
    return text.toString();
  }
}
