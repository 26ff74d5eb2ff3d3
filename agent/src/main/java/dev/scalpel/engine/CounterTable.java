package dev.scalpel.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * One table of a {@link CallCounter}: a power-of-two number of cells, each a count on a cache line
 * of its own and the weak reference of the platform thread that owns it. A thread's cell is its id
 * modulo the size. Only the owner writes a count, so its increment is a plain read and an opaque
 * store; ownership changes only by a compare-and-set on the owner, and only from a dead owner.
 */
final class CounterTable {

  /** What {@link #claim} found. */
  enum Claim {
    /** The thread already owns the cell. */
    OWNED,
    /** The thread took the cell, free or left by a dead thread. */
    CLAIMED,
    /** A live thread owns the cell. */
    TAKEN
  }

  // Eight longs, 64 bytes, between two counts: two owners never write the same cache line.
  private static final int STRIDE = 8;
  private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle OWNER = MethodHandles.arrayElementVarHandle(Owner[].class);
  private static final Owner NOBODY = new Owner(null);

  /** A cell's owner, held weakly so that the table keeps no thread alive. */
  private static final class Owner extends WeakReference<Thread> {
    Owner(Thread thread) {
      super(thread);
    }
  }

  /** The table this one replaced, still read by sums; null for the first. */
  final CounterTable previous;
  private final int mask;
  private final long[] counts;
  private final Owner[] owners;

  /**
   * @param size     the number of cells, a power of two
   * @param previous the table this one replaces, or null
   */
  CounterTable(int size, CounterTable previous) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("a counter table's size must be a power of two; was " + size);
    }
    this.previous = previous;
    this.mask = size - 1;
    this.counts = new long[size * STRIDE];
    this.owners = new Owner[size];
    Arrays.fill(owners, NOBODY);
  }

  int size() {
    return mask + 1;
  }

  /** The cell of {@code thread}; the id only spreads threads, ownership is by identity. */
  int cellOf(Thread thread) {
    return (int) thread.getId() & mask;
  }

  /**
   * Whether {@code thread} owns {@code cell}. A plain read suffices: only {@code thread} can have
   * made itself the owner, and no one takes a cell from a live owner.
   */
  boolean owns(int cell, Thread thread) {
    return owners[cell].refersTo(thread);
  }

  /** Adds one to a cell that the current thread owns, returning the cell's new count. */
  long add(int cell) {
    int i = cell * STRIDE;
    long count = (long) COUNT.getOpaque(counts, i) + 1;
    COUNT.setOpaque(counts, i, count);
    return count;
  }

  /**
   * Adds one to a cell that the current thread has just claimed. Atomic, so that it builds on the
   * previous owner's last count: the memory model orders a dead thread's writes before what follows
   * {@link Thread#isAlive} or {@link Thread#join}, not before a look at its state or at a cleared
   * reference, which is how {@link #claim} finds it dead. Returns the cell's new count.
   */
  long addAfterClaim(int cell) {
    return (long) COUNT.getAndAdd(counts, cell * STRIDE, 1L) + 1;
  }

  /** Makes {@code thread} the owner of {@code cell} if the cell is free or its owner dead. */
  Claim claim(int cell, Thread thread) {
    Owner owner = (Owner) OWNER.getAcquire(owners, cell);
    if (owner.refersTo(thread)) {
      return Claim.OWNED;
    }
    // getState, not isAlive: on JDK 17 isAlive is a native call, and a platform thread beyond the
    // table's cells asks on every count. A thread is TERMINATED once its last Java code has run.
    Thread holder = owner.get();
    if (holder != null && holder.getState() != Thread.State.TERMINATED) {
      return Claim.TAKEN;
    }
    return OWNER.compareAndSet(owners, cell, owner, new Owner(thread)) ? Claim.CLAIMED : Claim.TAKEN;
  }

  /** The sum of this table's cells, without the tables before it. */
  long sum() {
    long total = 0;
    for (int i = 0; i < counts.length; i += STRIDE) {
      total += (long) COUNT.getOpaque(counts, i);
    }
    return total;
  }
}
