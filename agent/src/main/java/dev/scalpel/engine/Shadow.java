package dev.scalpel.engine;

import dev.scalpel.api.Original;
import dev.scalpel.jfr.ScalpelEvents;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Shadow mode: the original runs and answers the caller; then the fix runs on the same arguments,
 * and the two outcomes are compared ({@link Objects#deepEquals}, exceptions by class). Matches and
 * mismatches are counted and the latest mismatches kept; nothing of the fix, result or exception,
 * reaches the caller. For side-effect-free methods only: the fix really runs.
 *
 * <p>Both runs are timed, on every call the fix runs on, into the patch's latencies of both paths,
 * so that a {@code maxLatency} rule judges the fix against the original on the same arguments. The
 * share of calls the fix runs on ({@code rollout}) is the sample: these calls already box their
 * arguments and run the method twice, next to which four clock reads (about 25 ns each) are small;
 * the calls the guard sends straight to the original are neither timed nor slowed.
 */
final class Shadow implements Timings {

  /** How many mismatches are kept. */
  static final int SAMPLES = 10;
  private static final int SAMPLE_TEXT = 200;

  // A static method looked up once its class is initialized: in the class's own initializer it would
  // get a handle that checks initialization, a lambda form the JDK spins as a class of its own.
  private static final class Run {
    static final MethodHandle RUN;

    static {
      try {
        RUN = MethodHandles.lookup().findStatic(Shadow.class, "run", MethodType.methodType(Object.class,
            Shadow.class, MethodHandle.class, MethodHandle.class, Object[].class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** Once the samples are full, a mismatch replaces the oldest at most this often. */
  static final long SAMPLE_EVERY_NANOS = 1_000_000_000L;

  private final String patchId;
  private final CallCounter matches = new CallCounter();
  private final CallCounter mismatches = new CallCounter();
  private final CallCounter runErrors;
  private final Deque<String> samples = new ArrayDeque<>();
  private final LatencyRecorder fixTimes = new LatencyRecorder();
  private final LatencyRecorder originalTimes = new LatencyRecorder();
  // Whether the samples are full, and when a mismatch may next replace one: read without the lock,
  // so that a steady stream of mismatches formats no text (the arguments, the outcomes) per call.
  private volatile boolean full;
  private volatile long nextSample;

  /**
   * The calls on which the fix runs in the shadow are those the guard lets through, which the
   * guard counts itself.
   *
   * @param patchId   the patch, as its JFR mismatch events name it
   * @param runErrors counts the exceptions the fix threw in the shadow, or null when the patch counts
   *                  nothing: then nothing is timed either
   */
  Shadow(String patchId, CallCounter runErrors) {
    this.patchId = patchId;
    this.runErrors = runErrors;
  }

  /** The fix's latencies in the shadow since the previous drain. */
  @Override
  public Evidence.Latency drainFixed() {
    return fixTimes.drain();
  }

  /** The original's latencies, on the calls the fix ran beside, since the previous drain. */
  @Override
  public Evidence.Latency drainOriginal() {
    return originalTimes.drain();
  }

  long matches() {
    return matches.sum();
  }

  long mismatches() {
    return mismatches.sum();
  }

  /**
   * Mismatches, oldest first: the first {@link #SAMPLES}, then a newer one in place of the oldest at
   * most once per {@link #SAMPLE_EVERY_NANOS}. Each kept sample is also a JFR event.
   */
  synchronized List<String> samples() {
    return new ArrayList<>(samples);
  }

  /**
   * The shadow action for a site of {@code type}.
   *
   * @param original calls the patched method itself (its prologue lets the call through to the
   *                 original body, once, inside {@link Original#call})
   * @param fix      the fix, typed as the site
   */
  MethodHandle action(MethodHandle original, MethodHandle fix, MethodType type) {
    int n = type.parameterCount();
    MethodType generic = MethodType.genericMethodType(0, true);
    MethodHandle spreadOriginal = original.asSpreader(Object[].class, n).asType(generic);
    MethodHandle spreadFix = fix.asSpreader(Object[].class, n).asType(generic);
    return MethodHandles.insertArguments(Run.RUN, 0, this, spreadOriginal, spreadFix)
        .asCollector(Object[].class, n).asType(type);
  }

  private static Object run(Shadow shadow, MethodHandle original, MethodHandle fix, Object[] args) throws Throwable {
    Object result = null;
    Throwable thrown = null;
    boolean timed = shadow.runErrors != null;
    long start = timed ? System.nanoTime() : 0;
    try {
      result = Original.call(() -> original.invokeExact(args));
    } catch (Throwable t) {
      thrown = t;
    }
    if (timed) {
      shadow.originalTimes.record(System.nanoTime() - start);
    }
    try {
      shadow.compare(fix, args, result, thrown);
    } catch (Throwable ignored) {
      // Nothing of the fix may reach the caller; compare() already counted what it could.
    }
    if (thrown != null) {
      throw thrown;
    }
    return result;
  }

  private void compare(MethodHandle fix, Object[] args, Object result, Throwable thrown) {
    Object fixed = null;
    Throwable fixThrew = null;
    long start = runErrors != null ? System.nanoTime() : 0;
    try {
      fixed = fix.invokeExact(args);
    } catch (Throwable t) {
      fixThrew = t;
      if (runErrors != null) {
        runErrors.increment();
      }
    }
    if (runErrors != null) {
      fixTimes.record(System.nanoTime() - start);
    }
    boolean same = thrown != null || fixThrew != null
        ? thrown != null && fixThrew != null && thrown.getClass() == fixThrew.getClass()
        : Objects.deepEquals(result, fixed);
    if (same) {
      matches.increment();
      return;
    }
    mismatches.increment();
    long now = System.nanoTime();
    if (full && now - nextSample < 0) {
      return;
    }
    String sample = "args=" + text(Arrays.deepToString(args)) + " original=" + outcome(result, thrown)
        + " fix=" + outcome(fixed, fixThrew);
    synchronized (this) {
      if (samples.size() == SAMPLES) {
        if (now - nextSample < 0) {
          return;
        }
        samples.removeFirst();
      }
      samples.addLast(sample);
      full = samples.size() == SAMPLES;
      nextSample = now + SAMPLE_EVERY_NANOS;
    }
    ScalpelEvents.shadowMismatch(patchId, sample);
  }

  private static String outcome(Object value, Throwable thrown) {
    if (thrown != null) {
      return "threw " + thrown.getClass().getName();
    }
    return text(value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value));
  }

  private static String text(String s) {
    return s.length() <= SAMPLE_TEXT ? s : s.substring(0, SAMPLE_TEXT) + "...";
  }
}
