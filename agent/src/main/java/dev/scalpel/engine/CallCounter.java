package dev.scalpel.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exact call counter whose increment costs about a plain store. The counter keeps a small table
 * of cells, each owned by at most one platform thread at a time and found from the thread's id;
 * the owner counts into its cell with an opaque store, and no other thread writes it (ownership
 * passes only from a dead owner: {@code CounterTableTest}). A thread that owns no cell, because
 * the table is full of live owners or because it is a virtual thread, counts into a
 * {@link LongAdder} instead. A read sums every cell and the adder.
 *
 * <p>No thread-local, no registry of threads: a new thread costs nothing until it counts, then at
 * most one compare-and-set to claim a cell, whatever the number of threads started before or of
 * counters created. A dead owner's cell is taken over by the next thread that lands on it, with its
 * counts. A cell refers to its owner weakly, so a counter keeps no thread (nor its context class
 * loader) alive ({@code CallCounterTest#increment_deadThread_isNotKeptAlive}). The table starts
 * with one cell on the first increment and doubles on a collision between live owners up to
 * {@link #MAX_CELLS}; a grown table keeps the old one for reads, so a thread that still writes
 * there is counted.
 *
 * <p>Virtual threads claim no cell ({@code CallCounterTest#increment_virtualThreadsOnly_claimNoCell}):
 * there can be millions, most of them count a few times and end, and a claim per thread would cost
 * more than the adder's atomic add.
 *
 * <p>A read sees every increment made before it by a thread that has since synchronized with the
 * reader (ended and been joined, for example), and the others soon after.
 */
final class CallCounter {

  /** The most cells a counter's table grows to: enough for the live platform threads of most pools. */
  static final int MAX_CELLS = 128;

  private static final VarHandle TABLE;

  static {
    try {
      TABLE = MethodHandles.lookup().findVarHandle(CallCounter.class, "table", CounterTable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LongAdder unowned = new LongAdder();
  private volatile CounterTable table;

  /**
   * Counts one call on the current thread.
   *
   * @return the count of the thread's cell after this call, which grows by one with each call of
   *         the thread (a cell taken over from a dead thread starts from that thread's count), or
   *         -1 if the thread counts into the shared adder
   */
  long increment() {
    Thread current = Thread.currentThread();
    CounterTable t = table;
    if (t != null) {
      int cell = t.cellOf(current);
      if (t.owns(cell, current)) {
        return t.add(cell);
      }
    }
    return incrementSlowly(current, t);
  }

  // The current thread owns no cell of the table it saw (or saw none): claim one, growing the
  // table on a collision between live owners, or count in the adder.
  private long incrementSlowly(Thread current, CounterTable seen) {
    if (VirtualThreads.isVirtual(current)) {
      unowned.increment();
      return -1;
    }
    CounterTable t = seen;
    while (true) {
      if (t == null) {
        TABLE.compareAndSet(this, null, new CounterTable(1, null));
        t = table;
        continue;
      }
      int cell = t.cellOf(current);
      CounterTable.Claim claim = t.claim(cell, current);
      if (claim == CounterTable.Claim.OWNED) {
        return t.add(cell);
      }
      if (claim == CounterTable.Claim.CLAIMED) {
        return t.addAfterClaim(cell);
      }
      if (t.size() >= MAX_CELLS) {
        unowned.increment();
        return -1;
      }
      TABLE.compareAndSet(this, t, new CounterTable(t.size() * 2, t));
      t = table;
    }
  }

  /** The calls counted so far, on all threads. */
  long sum() {
    long total = unowned.sum();
    for (CounterTable t = table; t != null; t = t.previous) {
      total += t.sum();
    }
    return total;
  }

  /** How many cells the counter's current table has: for tests of its growth. */
  int cells() {
    CounterTable t = table;
    return t == null ? 0 : t.size();
  }
}
