package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Times a sample of a patch's calls on both of its paths.
 *
 * <p>Which calls: the first call of each thread on each path, then every {@link #period}-th (the
 * count restarts when the counter's table grows under the thread, at most a few times). The
 * guard's counter already keeps a per-thread count for each path, so the choice is a test of the
 * count's low bits, with no clock read and no state of its own; a thread that counts without a
 * cell of its own (a virtual thread) draws one call in a period at random. Timing a call reads
 * {@link System#nanoTime} twice and records into a histogram: measured in
 * JMH, one sample in 128 calls added about 3 ns a call to the counted redirect, one in 1,024 about
 * 0.3 ns (jmh-benchmarks/RESULTS.md). A clock-driven choice (one sample per millisecond) would read
 * the clock on every call, which is the cost sampling avoids.
 *
 * <p>The period: {@link #PERIOD}, one call in 1,024, for a patch whose rules read no latency, where
 * the samples only inform {@code status}; {@link #LATENCY_RULE_PERIOD}, one in 64, for a patch with
 * {@code maxLatency}, whose rule reads a p99 only from {@link SafetyRules#MIN_LATENCY_SAMPLES} timed
 * calls per path in its window. At one in 1,024 a 60 s window gets those 100 samples only from
 * about 1,700 calls a second on each path; at one in 64, from about 110 a second, which a
 * moderately busy method reaches. The price is paid by the patches that ask for the rule: each
 * sampled call costs a few hundred nanoseconds, so one in 64 adds about 2 ns to the average call
 * over one in 1,024 (measured +1.6 and +2.05 ns on the counted redirect, jmh-benchmarks/RESULTS.md,
 * "Evidence sampling and shadow mode").
 *
 * <p>How: a sampled call takes the action path whatever the guard decided, with the guard's answer
 * in a slot of this object that only the calling thread can hold. The action site finds the slot
 * and times either the action, or the patched method itself called again, whose guard finds the
 * slot marked "bypass", frees it and answers "original": so the original code is timed on a call
 * the guard sent to it, and the prologue's bytecode stays as it is. A call that is not sampled
 * pays one plain read of a counter of calls in flight (zero unless a sample is running) at its
 * guard, and another at its action.
 *
 * <p>The original's exceptions are not counted here but by the handler of the patched method's
 * prologue ({@link Prologue}), on every call the guard sent to the original, sampled or not.
 */
final class Sampler implements Timings {

  /** One call in this many per thread and path is timed, by default: a power of two. */
  static final int PERIOD = 1024;
  /** The period of a patch with a {@code maxLatency} rule: a power of two. */
  static final int LATENCY_RULE_PERIOD = 64;

  private static final int FIX = 1;
  private static final int ORIGINAL = 2;
  private static final int BYPASS = 3;
  private static final int SLOTS = 64;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Thread[].class);
  private static final VarHandle IN_FLIGHT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      IN_FLIGHT = lookup.findVarHandle(Sampler.class, "inFlight", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Static methods, looked up once this class is initialized: the JDK holds the lambda forms of
  // (Object)boolean static methods ready, not those of (Sampler)boolean virtual
  // ones, nor those of a static method looked up in its class's own initializer (which check the
  // initialization); each of those spins a class.
  private static final class Handles {
    static final MethodHandle BYPASSING;
    static final MethodHandle SAMPLING;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        BYPASSING = lookup.findStatic(Sampler.class, "bypassing",
            MethodType.methodType(boolean.class, Sampler.class));
        SAMPLING = lookup.findStatic(Sampler.class, "sampling", MethodType.methodType(boolean.class, Sampler.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  private final Thread[] slots = new Thread[SLOTS];
  // Read and written only by the thread that holds the slot.
  private final int[] phases = new int[SLOTS];
  // Samples under way. Read plainly: a thread needs to see only its own increments, which it does.
  private int inFlight;
  private final LatencyRecorder fixed = new LatencyRecorder();
  private final LatencyRecorder original = new LatencyRecorder();
  private final int period;

  /** @param period one call in this many per thread and path is timed: a power of two */
  Sampler(int period) {
    if (Integer.bitCount(period) != 1) {
      throw new IllegalArgumentException("a sampling period must be a power of two; was " + period);
    }
    this.period = period;
  }

  /** One call in this many per thread and path is timed. */
  int period() {
    return period;
  }

  /**
   * Whether a call whose per-thread count on its path is now {@code count} (-1: no cell) is timed,
   * one call in {@code period} (a power of two).
   */
  static boolean sampled(long count, int period) {
    return (count & (period - 1)) == 1 || count < 0 && ThreadLocalRandom.current().nextInt(period) == 0;
  }

  @Override
  public Evidence.Latency drainFixed() {
    return fixed.drain();
  }

  @Override
  public Evidence.Latency drainOriginal() {
    return original.drain();
  }

  private static int slot(Thread thread) {
    return (int) thread.getId() & (SLOTS - 1);
  }

  /**
   * Starts a sample of the current call, which the guard sent to the action ({@code takesAction})
   * or to the original code: true if the call must go to the action site, which then times it.
   * False or the guard's answer when the thread's slot is held by another thread (that call is not
   * timed), or when this class's original cannot be called back ({@code timesOriginal} false).
   */
  boolean begin(boolean takesAction, boolean timesOriginal) {
    if (!takesAction && !timesOriginal) {
      return false;
    }
    Thread current = Thread.currentThread();
    int i = slot(current);
    if (!SLOT.compareAndSet(slots, i, (Thread) null, current)) {
      return takesAction;
    }
    phases[i] = takesAction ? FIX : ORIGINAL;
    IN_FLIGHT.getAndAdd(this, 1);
    return true;
  }

  private void end(int i) {
    SLOT.setRelease(slots, i, (Thread) null);
    IN_FLIGHT.getAndAdd(this, -1);
  }

  /**
   * The guard's first question: is this call the original that a sample calls back? Frees the
   * thread's slot whatever it held: a guard always runs before its action, so a slot it finds held
   * by its own thread is this call's or left over from a call that never reached its action.
   */
  static boolean bypassing(Sampler s) {
    if (s.inFlight == 0) {
      return false;
    }
    Thread current = Thread.currentThread();
    int i = slot(current);
    if (s.slots[i] != current) {
      return false;
    }
    int phase = s.phases[i];
    s.end(i);
    return phase == BYPASS;
  }

  /** The action site's question: did this thread's guard start a sample? */
  static boolean sampling(Sampler s) {
    if (s.inFlight == 0) {
      return false;
    }
    Thread current = Thread.currentThread();
    return s.slots[slot(current)] == current;
  }

  /** {@code guard}, answering "original" without asking it when the call is a sample's call back of the original. */
  MethodHandle guard(MethodHandle guard) {
    MethodType type = guard.type();
    return MethodHandles.guardWithTest(MethodHandles.dropArguments(Handles.BYPASSING.bindTo(this), 0, type.parameterList()),
        Dispatcher.inert(type), guard);
  }

  /**
   * At the action site of a sampled call ({@link #sampling} true): true if the sample times the
   * original, which is then called back and finds the slot marked "bypass"; false if it times the
   * action, and the slot is free again.
   */
  static boolean timesOriginal(Sampler s) {
    int i = slot(Thread.currentThread());
    if (s.phases[i] != ORIGINAL) {
      s.end(i);
      return false;
    }
    s.phases[i] = BYPASS;
    return true;
  }

  /** Records the action's timed call, begun at {@code start} ({@link System#nanoTime}). */
  static void fixedDone(Sampler s, long start) {
    s.fixed.record(System.nanoTime() - start);
  }

  /** Records the original's timed call, begun at {@code start}, and frees the slot if the original's guard did not. */
  static void originalDone(Sampler s, long start) {
    long took = System.nanoTime() - start;
    Thread current = Thread.currentThread();
    int i = slot(current);
    // Still held if the guard did not run: the patch was switched off in between.
    if (s.slots[i] == current) {
      s.end(i);
    }
    s.original.record(took);
  }
}
