package dev.scalpel.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An exact call counter without a shared write: each thread increments its own cell with a plain
 * (opaque) store, and a read sums the cells. No CAS and no contended cache line on the calling
 * path; the cost is one thread-local lookup. A read sees every increment made before it by a
 * thread that has since synchronized with the reader, and the others soon after.
 */
final class CallCounter {

  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

  private final List<long[]> cells = new CopyOnWriteArrayList<>();
  private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(this::newCell);

  private long[] newCell() {
    long[] cell = new long[1];
    cells.add(cell);
    return cell;
  }

  /** Counts one call on the current thread. */
  void increment() {
    long[] cell = mine.get();
    CELL.setOpaque(cell, 0, (long) CELL.getOpaque(cell, 0) + 1);
  }

  /** The calls counted so far, on all threads. */
  long sum() {
    long total = 0;
    for (long[] cell : cells) {
      total += (long) CELL.getOpaque(cell, 0);
    }
    return total;
  }
}
