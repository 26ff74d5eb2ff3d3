package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalpel.testapps.pricing.Cart;
import dev.scalpel.testapps.pricing.PriceCalculator;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The fix and its guard called directly, as plain methods: no agent, no running application. */
final class PriceFixesTest {

  private final PriceCalculator calculator = new PriceCalculator();

  @Test
  void total_halfCentRoundsUp() {
    Cart cart = Cart.of(Cart.line(3, "2.675"));

    assertEquals(new BigDecimal("8.02"), calculator.total(cart, 0), "the bug, in the original code");
    assertEquals(new BigDecimal("8.03"), PriceFixes.total(calculator, cart, 0));
  }

  @Test
  void total_discountRoundsOnce() {
    Cart cart = Cart.of(Cart.line(2, "10.05"));

    assertEquals(new BigDecimal("15.08"), PriceFixes.total(calculator, cart, 25));
  }

  @Test
  void validDiscount_zeroToHundredOnly() {
    Cart cart = Cart.of(Cart.line(1, "1.00"));

    assertTrue(PriceFixes.validDiscount(calculator, cart, 0));
    assertTrue(PriceFixes.validDiscount(calculator, cart, 100));
    assertFalse(PriceFixes.validDiscount(calculator, cart, -1));
    assertFalse(PriceFixes.validDiscount(calculator, cart, 101));
  }
}
