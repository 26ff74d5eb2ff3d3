package dev.scalpel.dsl;

/**
 * The share of calls that take a patch's action, in hundredths of a percent ({@code 10%} is 1000,
 * {@code 12.5%} is 1250), from 0 to 10,000.
 *
 * @param basisPoints hundredths of a percent, 0 to 10,000
 */
public record Rollout(int basisPoints) {

  /** Every call takes the action: the default. */
  public static final Rollout FULL = new Rollout(10_000);

  /**
   * A rollout.
   *
   * @throws IllegalArgumentException if {@code basisPoints} is outside 0 to 10,000
   */
  public Rollout {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException("rollout " + basisPoints + " basis points is outside 0 to 10000");
    }
  }

  /** Whether every call takes the action. */
  public boolean isFull() {
    return basisPoints == 10_000;
  }

  /** The manifest spelling, with up to two decimals: {@code 10%}, {@code 12.5%}, {@code 0.01%}. */
  @Override
  public String toString() {
    java.math.BigDecimal percent = java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
    return percent.toPlainString() + "%";
  }
}
