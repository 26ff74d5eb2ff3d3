package dev.scalpel.testapps.pricing;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pricing app's load mode: several threads price one order in a tight loop while Scalpel
 * patches, reloads and rolls back {@link PriceCalculator#total} under them. Every result must be
 * the buggy total or the correct one; any other result, and any exception in any thread, is counted
 * and fails the run.
 *
 * <p>It prints a first line, then the order's line (as {@link PricingApp#describe} writes it) each
 * time the threads' results change from one total to the other: the buggy line at the first call,
 * the correct line when a thread first sees the correct total, the buggy line again when one sees
 * the buggy total after that, and so on. Threads that were inside the method while it switched may
 * add a line or two; a steady state prints nothing. It stops when the stop file exists or standard
 * input is closed, heeded only once every thread has made a call, so that a run always prints a
 * result; then it prints {@code calls=N old=X new=Y other=Z exceptions=E}. The first few unexpected
 * results and exceptions go to standard error.
 */
final class PricingLoad {

  /** What {@link PriceCalculator#total} returns for order 1042 with its rounding bug. */
  static final BigDecimal BUGGY_TOTAL = new BigDecimal("8.02");

  private static final long STOP_POLL_MILLIS = 20;
  private static final int MAX_REPORTED_PROBLEMS = 5;

  private final PriceCalculator calculator;
  private final PricingApp.Order order;
  private final PrintStream out;
  private final PrintStream err;
  private final LongAdder old = new LongAdder();
  private final LongAdder fixed = new LongAdder();
  private final LongAdder other = new LongAdder();
  private final LongAdder exceptions = new LongAdder();
  private final AtomicInteger reported = new AtomicInteger();
  private final Object printLock = new Object();
  private volatile BigDecimal lastSeen;
  private volatile boolean stopping;

  private PricingLoad(PriceCalculator calculator, PricingApp.Order order, PrintStream out, PrintStream err) {
    this.calculator = calculator;
    this.order = order;
    this.out = out;
    this.err = err;
  }

  /**
   * Prices {@code order} on {@code threads} threads until {@code stopFile} exists or standard input
   * ends, then prints the counts.
   *
   * @return the exit code: 0 if every call returned the buggy or the correct total, else 1
   */
  static int run(PriceCalculator calculator, PricingApp.Order order, int threads, Path stopFile)
      throws InterruptedException {
    PricingLoad load = new PricingLoad(calculator, order, System.out, System.err);
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> load.exception(thread, e));
    StdinWatch stdin = StdinWatch.start(System.in);
    load.out.println("pricing order " + order.id() + " on " + threads + " threads");
    CountDownLatch firstCalls = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int i = 1; i <= threads; i++) {
      Thread worker = new Thread(() -> load.work(firstCalls), "load-" + i);
      workers.add(worker);
      worker.start();
    }
    firstCalls.await();
    while (!stdin.closed() && !Files.exists(stopFile)) {
      Thread.sleep(STOP_POLL_MILLIS);
    }
    load.stopping = true;
    for (Thread worker : workers) {
      worker.join();
    }
    return load.summary();
  }

  private void work(CountDownLatch firstCalls) {
    while (!stopping) {
      try {
        record(calculator.total(order.cart(), order.discountPercent()));
      } catch (Throwable e) {
        // Any exception is a failure of the run, but the load goes on so the switches still happen.
        exception(Thread.currentThread(), e);
      }
      firstCalls.countDown();
    }
  }

  private void record(BigDecimal total) {
    if (BUGGY_TOTAL.equals(total)) {
      old.increment();
    } else if (order.expected().equals(total)) {
      fixed.increment();
    } else {
      other.increment();
      report("unexpected total " + (total == null ? "null" : total.toPlainString()) + " in thread "
          + Thread.currentThread().getName(), null);
      return;
    }
    if (!total.equals(lastSeen)) {
      synchronized (printLock) {
        if (!total.equals(lastSeen)) {
          lastSeen = total;
          out.println(PricingApp.describe(order, total));
        }
      }
    }
  }

  private void exception(Thread thread, Throwable e) {
    exceptions.increment();
    report("exception in thread " + thread.getName(), e);
  }

  private void report(String problem, Throwable e) {
    if (reported.getAndIncrement() < MAX_REPORTED_PROBLEMS) {
      synchronized (printLock) {
        err.println(problem);
        if (e != null) {
          e.printStackTrace(err);
        }
      }
    }
  }

  private int summary() {
    long calls = old.sum() + fixed.sum() + other.sum() + exceptions.sum();
    out.println("calls=" + calls + " old=" + old.sum() + " new=" + fixed.sum() + " other=" + other.sum()
        + " exceptions=" + exceptions.sum());
    return other.sum() == 0 && exceptions.sum() == 0 ? 0 : 1;
  }
}
