package dev.scalpel.bench.live;

import dev.scalpel.bench.app.scale.ScaleTarget;
import dev.scalpel.bench.fixes.ScaleFixes;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The running application that {@link LiveLatency} attaches to and rolls back in:
 * {@code LiveTarget CLASSES TARGETS}. It loads JDK classes until it holds {@code CLASSES} loaded
 * classes, then keeps {@value #WORKERS} threads calling the first {@code TARGETS} scale targets.
 * It prints {@code ready loaded=N patched=true|false} once every worker made its first round, then
 * one line per worker and change it sees, {@code active WORKER NANOS} when all targets run their fix
 * and {@code original WORKER NANOS} when none does any more (nanos from this JVM's
 * {@code System.nanoTime()}). It exits when its standard input closes.
 */
public final class LiveTarget {

  static final int WORKERS = 4;
  private static final int QUANTITY = 3;
  private static final int UNIT_CENTS = 1999;
  // Between rounds, so that the workers leave the two cores to the agent and the command line.
  private static final long PAUSE_NANOS = 20_000;

  private LiveTarget() {}

  /** Runs until standard input closes. */
  public static void main(String[] args) throws IOException, InterruptedException, ReflectiveOperationException {
    int loaded = ClassFlood.fill(Integer.parseInt(args[0]));
    MethodHandle[] targets = new MethodHandle[Integer.parseInt(args[1])];
    MethodType price = MethodType.methodType(int.class, int.class, int.class);
    for (int i = 0; i < targets.length; i++) {
      targets[i] = MethodHandles.publicLookup().findStatic(Class.forName(ScaleTarget.className(i)), "price", price);
    }
    int fixed = ScaleFixes.price(QUANTITY, UNIT_CENTS);
    CountDownLatch firstRound = new CountDownLatch(WORKERS);
    boolean[] patchedAtStart = new boolean[1];
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      Thread t = new Thread(() -> work(worker, targets, fixed, firstRound, patchedAtStart), "worker-" + w);
      t.setDaemon(true);
      t.start();
    }
    firstRound.await();
    System.out.println("ready loaded=" + loaded + " patched=" + patchedAtStart[0]);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the harness closes standard input.
    }
  }

  private static void work(int worker, MethodHandle[] targets, int fixed, CountDownLatch firstRound, boolean[] patched) {
    boolean seenActive = false;
    boolean seenOriginal = false;
    boolean first = true;
    while (true) {
      int fixedCount = 0;
      for (MethodHandle target : targets) {
        try {
          if ((int) target.invokeExact(QUANTITY, UNIT_CENTS) == fixed) {
            fixedCount++;
          }
        } catch (Throwable e) {
          throw new IllegalStateException("a scale target threw", e);
        }
      }
      long now = System.nanoTime();
      if (first) {
        first = false;
        seenActive = fixedCount == targets.length;
        synchronized (patched) {
          patched[0] |= seenActive;
        }
        firstRound.countDown();
      } else if (!seenActive && fixedCount == targets.length) {
        seenActive = true;
        System.out.println("active " + worker + " " + now);
      } else if (seenActive && !seenOriginal && fixedCount == 0) {
        seenOriginal = true;
        System.out.println("original " + worker + " " + now);
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }
}
