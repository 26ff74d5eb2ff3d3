#set( $hash = '#' )
package ${package};

import dev.scalpel.api.Patch;
import dev.scalpel.api.When;
import dev.scalpel.testapps.pricing.Cart;
import dev.scalpel.testapps.pricing.PriceCalculator;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The fix of ${patchId}. {@code PriceCalculator${hash}total} adds prices up as {@code double}, so a
 * total that should round up at exactly half a cent can land a hair below it and come out a cent
 * short. This fix adds them up as decimals and rounds once.
 *
 * <p>{@code mvn package} builds this class into the fix jar and writes its patch, read from the
 * annotations below, into {@code target/scalpel/hotfix.yaml}. In the running application the
 * agent calls {@link ${hash}total} in place of the original method, for the calls that
 * {@link ${hash}validDiscount} lets through.
 */
public final class PriceFixes {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private PriceFixes() {}

  /**
   * Replaces {@code PriceCalculator${hash}total(Cart, int)}: the receiver comes first, then the
   * target's own parameters, and the return type is the target's.
   */
  @Patch(id = "${patchId}",
      target = "dev.scalpel.testapps.pricing.PriceCalculator${hash}total(dev.scalpel.testapps.pricing.Cart, int)",
      ticket = "${patchId}",
      reason = "totals computed in double lose half cents")
  public static BigDecimal total(PriceCalculator self, Cart cart, int discountPercent) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Cart.Line line : cart.lines()) {
      sum = sum.add(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
    }
    BigDecimal discounted = sum.multiply(BigDecimal.valueOf(100L - discountPercent)).divide(HUNDRED);
    return discounted.setScale(2, RoundingMode.HALF_UP);
  }

  /**
   * The {@code when} guard of ${patchId}: the fix answers only calls with a discount of 0 to 100;
   * any other call runs the original code, as it did before the fix.
   */
  @When("${patchId}")
  public static boolean validDiscount(PriceCalculator self, Cart cart, int discountPercent) {
    return discountPercent >= 0 && discountPercent <= 100;
  }
}
