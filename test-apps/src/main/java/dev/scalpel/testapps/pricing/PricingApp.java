package dev.scalpel.testapps.pricing;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The demo application: prices a few orders and prints each total next to the total its invoice
 * expects, so a rounding bug shows as {@code WRONG}.
 *
 * <p>Usage: {@code PricingApp} prints every order once and exits. {@code PricingApp --serve
 * [STOP_FILE]} keeps pricing order 1042 every 100 ms, printing its line whenever the result
 * changes, until standard input is closed or {@code STOP_FILE} exists; it is the process that
 * attach and reload tests patch while it runs. {@code PricingApp --load THREADS STOP_FILE} prices
 * order 1042 on {@code THREADS} threads in a tight loop until the same signals, and exits 1 if any
 * call returned neither the buggy nor the correct total or threw (see {@link PricingLoad}).
 * {@code PricingApp --shop [STOP_FILE]} prices every order in turn, one every 10 ms, as a service
 * answering requests: a call that throws fails that request only, and the service goes on. It
 * prints an order's line, or {@code order N: failed (EXCEPTION)}, whenever that order's answer
 * changes, until the same signals.
 */
public final class PricingApp {

  private static final long SERVE_INTERVAL_MILLIS = 100;
  private static final long SHOP_INTERVAL_MILLIS = 10;

  /**
   * An order and the total its invoice says it should come to.
   *
   * @param id              order number
   * @param cart            what is bought
   * @param discountPercent the discount granted
   * @param expected        the correct total
   */
  record Order(int id, Cart cart, int discountPercent, BigDecimal expected) {}

  static final List<Order> ORDERS = List.of(
      new Order(1041, Cart.of(Cart.line(2, "4.50")), 0, new BigDecimal("9.00")),
      new Order(1042, Cart.of(Cart.line(3, "2.675")), 0, new BigDecimal("8.03")),
      new Order(1043, Cart.of(Cart.line(2, "10.05")), 25, new BigDecimal("15.08")),
      new Order(1044, Cart.of(Cart.line(1, "12.50"), Cart.line(2, "4.50")), 10, new BigDecimal("19.35")));

  private PricingApp() {}

  public static void main(String[] args) throws InterruptedException {
    PriceCalculator calculator = new PriceCalculator();
    if (args.length > 0 && args[0].equals("--load")) {
      if (args.length != 3 || !args[1].matches("[1-9][0-9]{0,2}")) {
        System.err.println("usage: PricingApp --load THREADS STOP_FILE (THREADS from 1 to 999)");
        System.exit(2);
      }
      System.exit(PricingLoad.run(calculator, ORDERS.get(1), Integer.parseInt(args[1]), Path.of(args[2])));
    } else if (args.length > 0 && args[0].equals("--shop")) {
      shop(calculator, args.length > 1 ? Optional.of(Path.of(args[1])) : Optional.empty());
    } else if (args.length > 0 && args[0].equals("--serve")) {
      serve(calculator, ORDERS.get(1), args.length > 1 ? Optional.of(Path.of(args[1])) : Optional.empty());
    } else {
      for (Order order : ORDERS) {
        System.out.println(describe(order, calculator.total(order.cart(), order.discountPercent())));
      }
    }
  }

  /** One line, e.g. {@code order 1042: 3 x 2.675 = 8.02 (expected 8.03) WRONG}. */
  static String describe(Order order, BigDecimal total) {
    String discount = order.discountPercent() == 0 ? "" : ", " + order.discountPercent() + "% off";
    String verdict = total.compareTo(order.expected()) == 0 ? "ok" : "WRONG";
    return "order " + order.id() + ": " + order.cart() + discount + " = " + total.toPlainString()
        + " (expected " + order.expected().toPlainString() + ") " + verdict;
  }

  private static void serve(PriceCalculator calculator, Order order, Optional<Path> stopFile)
      throws InterruptedException {
    StdinWatch stdin = StdinWatch.start(System.in);
    PrintStream out = System.out;
    out.println("serving order " + order.id() + " every " + SERVE_INTERVAL_MILLIS + " ms");
    String last = "";
    while (true) {
      String line = describe(order, calculator.total(order.cart(), order.discountPercent()));
      if (!line.equals(last)) {
        out.println(line);
        last = line;
      }
      if (stdin.closed() || stopFile.map(Files::exists).orElse(false)) {
        break;
      }
      Thread.sleep(SERVE_INTERVAL_MILLIS);
    }
    out.println("stopped");
  }

  private static void shop(PriceCalculator calculator, Optional<Path> stopFile) throws InterruptedException {
    StdinWatch stdin = StdinWatch.start(System.in);
    PrintStream out = System.out;
    out.println("serving orders " + ORDERS.stream().map(o -> String.valueOf(o.id())).toList() + ", one every "
        + SHOP_INTERVAL_MILLIS + " ms");
    java.util.Map<Integer, String> last = new java.util.HashMap<>();
    for (int i = 0; !stdin.closed() && !stopFile.map(Files::exists).orElse(false); i++) {
      Order order = ORDERS.get(i % ORDERS.size());
      String line;
      try {
        line = describe(order, calculator.total(order.cart(), order.discountPercent()));
      } catch (RuntimeException e) {
        // One request failed; a service answers the next one.
        line = "order " + order.id() + ": failed (" + e + ")";
      }
      if (!line.equals(last.put(order.id(), line))) {
        out.println(line);
      }
      Thread.sleep(SHOP_INTERVAL_MILLIS);
    }
    out.println("stopped");
  }
}
