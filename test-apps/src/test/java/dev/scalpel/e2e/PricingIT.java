package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The README's demo: the pricing app's rounding bug, fixed at startup. */
final class PricingIT {

  static final String TOTAL =
      "dev.scalpel.testapps.pricing.PriceCalculator#total(dev.scalpel.testapps.pricing.Cart, int)";
  static final String FIX = "dev.scalpel.testapps.fixes.pricing.PriceFixes#total";

  /** Guards the baseline every pricing test compares with: two totals a cent short. */
  @AcrossJdks
  void pricing_withoutAgent(Jdk jdk, @TempDir Path dir) {
    App.PRICING.run(jdk, dir).assertSucceededWith(App.PRICING.unpatchedOutput());
  }

  /** Guards the demo: a {@code fix} patch corrects every total. */
  @AcrossJdks
  void pricing_fixApplied(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", TOTAL).fix(FixJar.PRICING, FIX));

    App.PRICING.runWithAgent(jdk, dir, manifest).assertSucceededWith(List.of(
        "order 1041: 2 x 4.50 = 9.00 (expected 9.00) ok",
        "order 1042: 3 x 2.675 = 8.03 (expected 8.03) ok",
        "order 1043: 2 x 10.05, 25% off = 15.08 (expected 15.08) ok",
        "order 1044: 1 x 12.50 + 2 x 4.50, 10% off = 19.35 (expected 19.35) ok"));
  }

  /** Guards {@code when}: only calls the guard accepts take the fix, the others run the original. */
  @AcrossJdks
  void pricing_whenGuardSelectsCalls(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", TOTAL)
        .fix(FixJar.PRICING, FIX)
        .when("dev.scalpel.testapps.fixes.pricing.PriceFixes#withoutDiscount"));

    App.PRICING.runWithAgent(jdk, dir, manifest).assertSucceededWith(List.of(
        "order 1041: 2 x 4.50 = 9.00 (expected 9.00) ok",
        "order 1042: 3 x 2.675 = 8.03 (expected 8.03) ok",
        "order 1043: 2 x 10.05, 25% off = 15.07 (expected 15.08) WRONG",
        "order 1044: 1 x 12.50 + 2 x 4.50, 10% off = 19.35 (expected 19.35) ok"));
  }
}
