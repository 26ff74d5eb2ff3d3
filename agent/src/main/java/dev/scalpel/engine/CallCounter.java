package dev.scalpel.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An exact call counter without a shared write. Every thread owns one array of cells for all the
 * agent's counters, found through a single thread-local, and each counter owns a fixed slot in
 * every such array: an increment is one thread-local lookup (whose first probe hits, because it is
 * the only one the agent uses) and a plain, opaque store into the thread's own cell. A read sums
 * the counter's slot over all threads' arrays. No CAS, no contended cache line.
 *
 * <p>A read sees every increment made before it by a thread that has since synchronized with the
 * reader, and the others soon after. When a thread dies its counts are folded into a shared array,
 * so thread churn neither loses counts nor keeps arrays alive. Slots are not reused: each counter
 * costs 8 bytes in the array of every live thread that counted anything.
 */
final class CallCounter {

  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
  private static final AtomicInteger SLOTS = new AtomicInteger();
  private static final List<Cells> LIVE = new CopyOnWriteArrayList<>();
  private static final ThreadLocal<Cells> MINE = ThreadLocal.withInitial(Cells::register);
  private static final Object RETIRED_LOCK = new Object();
  private static long[] retired = new long[16];

  /** One thread's cells; the array grows when a new counter's slot lies beyond it. */
  private static final class Cells {
    final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());
    volatile long[] counts = new long[Math.max(16, SLOTS.get())];

    static Cells register() {
      if (LIVE.size() % 64 == 63) {
        reap();
      }
      Cells cells = new Cells();
      LIVE.add(cells);
      return cells;
    }

    long[] grow(int slot) {
      long[] bigger = Arrays.copyOf(counts, Math.max(slot + 1, counts.length * 2));
      counts = bigger;
      return bigger;
    }
  }

  private final int slot = SLOTS.getAndIncrement();

  /** Counts one call on the current thread. */
  void increment() {
    Cells cells = MINE.get();
    long[] counts = cells.counts;
    if (slot >= counts.length) {
      counts = cells.grow(slot);
    }
    CELL.setOpaque(counts, slot, (long) CELL.getOpaque(counts, slot) + 1);
  }

  /** The calls counted so far, on all threads. */
  long sum() {
    reap();
    long total;
    synchronized (RETIRED_LOCK) {
      total = slot < retired.length ? retired[slot] : 0;
    }
    for (Cells cells : LIVE) {
      long[] counts = cells.counts;
      if (slot < counts.length) {
        total += (long) CELL.getOpaque(counts, slot);
      }
    }
    return total;
  }

  // A dead thread writes no more: its cells fold exactly into the retired counts, once.
  private static void reap() {
    for (Cells cells : LIVE) {
      if (cells.owner.get() == null && LIVE.remove(cells)) {
        long[] counts = cells.counts;
        synchronized (RETIRED_LOCK) {
          if (retired.length < counts.length) {
            retired = Arrays.copyOf(retired, counts.length);
          }
          for (int i = 0; i < counts.length; i++) {
            retired[i] += (long) CELL.getOpaque(counts, i);
          }
        }
      }
    }
  }
}
