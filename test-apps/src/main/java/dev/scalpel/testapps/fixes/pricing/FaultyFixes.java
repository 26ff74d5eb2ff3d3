package dev.scalpel.testapps.fixes.pricing;

import dev.scalpel.testapps.pricing.Cart;
import dev.scalpel.testapps.pricing.PriceCalculator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixes for {@link PriceCalculator#total} that misbehave on demand, for the safety net's tests.
 * {@link #total} answers as {@link PriceFixes#total} does until the fault file (the system property
 * {@code scalpel.fault}) says otherwise: {@code fail N} throws on N% of calls, {@code slow} makes
 * every call take at least two milliseconds. The file is read at most every 50 ms.
 */
public final class FaultyFixes {

  private static final long REREAD_NANOS = 50_000_000L;
  private static final AtomicInteger GUARDED = new AtomicInteger();
  private static volatile String fault = "";
  private static volatile long readAt = System.nanoTime() - 2 * REREAD_NANOS;

  private FaultyFixes() {}

  /** {@link PriceFixes#total}, failing or slow as the fault file says. */
  public static BigDecimal total(PriceCalculator self, Cart cart, int discountPercent) {
    String now = fault();
    if (now.startsWith("fail ")
        && ThreadLocalRandom.current().nextInt(100) < Integer.parseInt(now.substring(5).strip())) {
      throw new IllegalStateException("injected fault: " + now);
    }
    if (now.equals("slow")) {
      sleepTwoMilliseconds();
    }
    return PriceFixes.total(self, cart, discountPercent);
  }

  /**
   * A fix that fails on some inputs: right for carts without a discount, and throws for any cart
   * with one, as a fix written in a hurry might. The demo's second act.
   */
  public static BigDecimal failsOnDiscount(PriceCalculator self, Cart cart, int discountPercent) {
    if (discountPercent > 0) {
      throw new ArithmeticException("discount " + discountPercent + "% applied to an already discounted total");
    }
    return PriceFixes.total(self, cart, discountPercent);
  }

  /** Always throws: the fix of a patch whose {@link #firstTwenty} guard lets only twenty calls through. */
  public static BigDecimal failing(PriceCalculator self, Cart cart, int discountPercent) {
    throw new IllegalStateException("injected fault on every call");
  }

  /** A {@code when} guard: true for the first twenty calls its class sees, false after. */
  public static boolean firstTwenty(PriceCalculator self, Cart cart, int discountPercent) {
    return GUARDED.get() < 20 && GUARDED.incrementAndGet() <= 20;
  }

  private static String fault() {
    long now = System.nanoTime();
    if (now - readAt > REREAD_NANOS) {
      readAt = now;
      String file = System.getProperty("scalpel.fault");
      try {
        fault = file == null || !Files.exists(Path.of(file)) ? ""
            : Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        // Half written: keep the fault as it was, and read it again on a later call.
      }
    }
    return fault;
  }

  private static void sleepTwoMilliseconds() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
