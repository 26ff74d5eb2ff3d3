package dev.scalpel.engine;

/**
 * A patch's evidence over its recent past: one {@link Evidence.Interval} per tick of the agent's
 * clock, kept for as many ticks as the longest window anyone reads (the safety net's rules,
 * {@code status}). A sliding window is the sum of its last intervals, so it moves one tick at a
 * time and never forgets a call before it leaves the window.
 *
 * <p>One thread ticks (the clock); any thread reads. Ticking and reading take this object's lock,
 * never a calling thread's.
 */
public final class EvidenceWindow {

  private final Evidence source;
  private final Evidence.Interval[] ring;
  // Guarded by this object's lock.
  private int next;
  private long ticks;

  /**
   * @param source   what each tick drains
   * @param capacity the most ticks a window can span, at least 1
   */
  public EvidenceWindow(Evidence source, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("an evidence window holds at least one tick; was " + capacity);
    }
    this.source = source;
    this.ring = new Evidence.Interval[capacity];
  }

  /** Drains the evidence gathered since the previous tick into the newest interval. */
  public synchronized void tick() {
    ring[next] = source.drain();
    next = (next + 1) % ring.length;
    ticks++;
  }

  /**
   * The evidence of the last {@code span} ticks (fewer if fewer have passed, at most the capacity),
   * as one interval.
   */
  public synchronized Evidence.Interval last(int span) {
    int n = (int) Math.min(Math.min(span, ring.length), ticks);
    Evidence.Interval sum = Evidence.Interval.EMPTY;
    for (int k = n; k >= 1; k--) {
      sum = sum.plus(ring[Math.floorMod(next - k, ring.length)]);
    }
    return sum;
  }

  /** How many ticks have passed since the window was made: a window is full once this reaches its span. */
  public synchronized long ticks() {
    return ticks;
  }

  /** The most ticks a window can span. */
  public int capacity() {
    return ring.length;
  }
}
