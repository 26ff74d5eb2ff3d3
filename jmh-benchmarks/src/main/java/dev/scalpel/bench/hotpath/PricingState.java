package dev.scalpel.bench.hotpath;

import dev.scalpel.bench.app.Order;
import dev.scalpel.bench.app.PriceCalculator;
import dev.scalpel.bench.app.legacy.Java13Calculator;
import dev.scalpel.bench.app.legacy.Java5Calculator;
import dev.scalpel.bench.fixes.PriceFixes;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The pricing call's inputs, in non-final fields so that the JIT cannot fold the call. Before a
 * fork measures anything, its setup checks that the call returns what that fork's agent and
 * manifest must make it return: a benchmark whose patch did not apply fails instead of timing the
 * wrong code.
 */
@State(Scope.Thread)
public class PricingState {

  /** What {@code total} returns for the inputs below without a patch (the bug: a cent short). */
  static final long ORIGINAL = 22_071;
  /** What it returns with the fix. */
  static final long FIXED = 22_072;
  /** What the {@code returns:} patch returns. */
  static final long CONSTANT = 1999;
  /** The expectation of a 50% rollout: some calls return {@link #ORIGINAL}, others {@link #FIXED}. */
  private static final long EITHER = -1;
  private static final int ROLLOUT_PROBES = 1_000;
  /** Half of the unsigned 32-bit range: the bound a 50% gate draws against. */
  private static final long HALF = 1L << 31;

  private static final Map<String, Long> EXPECTED_TOTAL = Map.ofEntries(
      Map.entry("baseline", ORIGINAL),
      Map.entry("nonTargetUnpatched", ORIGINAL),
      Map.entry("nonTargetOfPatchedClass", FIXED),
      Map.entry("disabled", ORIGINAL),
      Map.entry("whenNever", ORIGINAL),
      Map.entry("whenNeverNoCounters", ORIGINAL),
      Map.entry("redirectNoCounters", FIXED),
      Map.entry("redirect", FIXED),
      Map.entry("redirectLatencyRule", FIXED),
      Map.entry("redirectJava13NoCounters", FIXED),
      Map.entry("redirectJava5NoCounters", FIXED),
      Map.entry("fixDirect", ORIGINAL),
      Map.entry("returnsConstant", CONSTANT),
      Map.entry("rollout50", EITHER),
      Map.entry("rollout50NoCounters", EITHER),
      Map.entry("rolloutFloor", EITHER),
      Map.entry("shadow", ORIGINAL),
      Map.entry("shadowFloor", ORIGINAL),
      Map.entry("constantFloor", ORIGINAL),
      Map.entry("whenBulk", FIXED),
      Map.entry("whenBulkFloor", ORIGINAL),
      Map.entry("originalCall", ORIGINAL),
      Map.entry("originalCallFloor", ORIGINAL),
      Map.entry("byteman", FIXED),
      Map.entry("adviceMethodHandle", FIXED),
      Map.entry("adviceReflection", FIXED));

  PriceCalculator calculator;
  Java13Calculator java13;
  Java5Calculator java5;
  Order order;
  int discountPercent;

  /** Sets the inputs and checks that this fork patched {@code total} as its benchmark expects. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    calculator = new PriceCalculator(825);
    java13 = new Java13Calculator(825);
    java5 = new Java5Calculator(825);
    order = new Order(12, 1999);
    discountPercent = 15;
    String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    Long expected = EXPECTED_TOTAL.get(benchmark);
    if (expected == null) {
      throw new IllegalStateException("benchmark " + benchmark + " has no expected total; add it to PricingState");
    }
    if (expected == EITHER) {
      checkBothPaths(benchmark);
      return;
    }
    long actual = switch (benchmark) {
      case "redirectJava13NoCounters" -> java13.total(order, discountPercent);
      case "redirectJava5NoCounters" -> java5.total(order, discountPercent);
      default -> calculator.total(order, discountPercent);
    };
    if (actual != expected) {
      throw new IllegalStateException("benchmark " + benchmark + ": total returned " + actual + " but its fork must make it "
          + expected + "; the fork's agent or manifest did not apply (JVM arguments: " + params.getJvmArgs() + ")");
    }
    if (PriceFixes.total(calculator, order, discountPercent) != FIXED) {
      throw new IllegalStateException("the inputs no longer tell the fix from the bug; PricingState's constants are stale");
    }
  }

  /** A hand-written 50% gate: the fix or the original, drawn per call. */
  static long drawnTotal(PricingState s) {
    return Integer.toUnsignedLong(ThreadLocalRandom.current().nextInt()) < HALF
        ? PriceFixes.total(s.calculator, s.order, s.discountPercent)
        : s.calculator.total(s.order, s.discountPercent);
  }

  private void checkBothPaths(String benchmark) {
    int fixed = 0;
    for (int i = 0; i < ROLLOUT_PROBES; i++) {
      long actual = benchmark.equals("rolloutFloor") ? drawnTotal(this) : calculator.total(order, discountPercent);
      if (actual == FIXED) {
        fixed++;
      } else if (actual != ORIGINAL) {
        throw new IllegalStateException("benchmark " + benchmark + ": total returned " + actual);
      }
    }
    if (fixed == 0 || fixed == ROLLOUT_PROBES) {
      throw new IllegalStateException("benchmark " + benchmark + ": " + fixed + " of " + ROLLOUT_PROBES
          + " calls took the fix; a 50% rollout must send some calls each way");
    }
  }
}
