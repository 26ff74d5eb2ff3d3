package dev.scalpel.testapps.threads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls {@link Strict#of} once for each key from 0 to CALLS - 1, spread over 4 platform threads,
 * and counts the calls that threw. Then it prints {@code thrown=N} and {@code ready}, and exits when
 * its standard input ends.
 *
 * <p>Argument: {@code CALLS}. Exit code 0; 2 for a bad argument.
 */
public final class StrictApp {

  private static final int THREADS = 4;

  private StrictApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: StrictApp CALLS");
      System.exit(2);
    }
    int calls = Integer.parseInt(args[0]);
    LongAdder thrown = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int first = t;
      Thread thread = new Thread(() -> {
        for (int key = first; key < calls; key += THREADS) {
          try {
            Strict.of(key);
          } catch (IllegalArgumentException e) {
            thrown.increment();
          }
        }
      }, "strict-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.println("thrown=" + thrown.sum());
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // Input is ignored; its end lets the program exit.
    }
  }
}
