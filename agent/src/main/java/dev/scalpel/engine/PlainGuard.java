package dev.scalpel.engine;

import dev.scalpel.api.Original;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The guard of an active patch whose answer needs none of the call's arguments (no {@code when},
 * no {@code stickyBy}): one written method, {@link #test}, bound to this record, in place of the
 * chain of combinators that {@link ActionLinker}, {@link Counting} and {@link Sampler} build for a
 * guard that reads the arguments. Its answer and its counts are the chain's:
 *
 * <ol>
 *   <li>a sample's call back of the original ({@link Sampler}): the original, uncounted;
 *   <li>in shadow mode, the shadow's own call of the original ({@code Original.call}): the
 *       original, uncounted;
 *   <li>a fix's own call of the original: the original, counted as such;
 *   <li>the rollout's draw, if the rollout is below 100%;
 *   <li>the answer counted into {@code fixed} or {@code original}, and a sample begun on the first
 *       and every period-th call of a thread on a path.
 * </ol>
 *
 * <p>Why: a chain is typed as its site, so each new signature of a patched method spun its own
 * lambda form classes for every combinator in it, about 1 ms each while the JVM starts. This
 * handle has type {@code ()boolean} whatever the site; the site's arguments are dropped once, in
 * front of the kill switch ({@link KillSwitch#guard}). A record's fields are trusted as final
 * and the record is a bound argument of a call site's target, so the compiler folds every test of
 * a field that is absent (null, false) and the hot path is the chain's.
 *
 * @param threshold     the draw's bound ({@link Rollouts#threshold}); above every 32-bit draw (a
 *                      100% rollout), the call takes the action without drawing
 * @param fixBypass     the fix may call the original, whose call must skip the fix once
 * @param shadowBypass  shadow mode, whose call of the original must skip the fix once, uncounted
 * @param fixed         counts the calls that take the action, or null without counters
 * @param original      counts the calls sent to the original, or null without counters
 * @param sampler       the patch's latency sampler, or null
 * @param timesOriginal whether the sampler can call this class's original back, to time it
 * @param period        the sampler's period, or 0 without one: a copy, so that the compiler sees it
 *                      as a constant, which a field of the sampler is not
 */
record PlainGuard(long threshold, boolean fixBypass, boolean shadowBypass, CallCounter fixed,
    CallCounter original, Sampler sampler, boolean timesOriginal, int period) {

  // Looked up once this class is initialized, not in its own initializer: a static method looked up
  // while its class is still being initialized gets a handle that checks initialization, whose
  // lambda form the JDK does not hold ready and spins as a class of its own.
  private static final class Handles {
    static final MethodHandle TEST;

    static {
      try {
        TEST = MethodHandles.lookup().findStatic(PlainGuard.class, "test",
            MethodType.methodType(boolean.class, PlainGuard.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** The guard as a handle of type {@code ()boolean}. */
  MethodHandle handle() {
    return Handles.TEST.bindTo(this);
  }

  // The largest unsigned 32-bit draw: a bound above it takes every call.
  private static final long MAX_DRAW = 0xFFFF_FFFFL;

  private static boolean test(PlainGuard g) {
    Sampler s = g.sampler;
    if (s != null && Sampler.bypassing(s)) {
      return false;
    }
    if (g.shadowBypass && Original.consumeBypass()) {
      return false;
    }
    boolean takesAction = !(g.fixBypass && Original.consumeBypass()) && (g.threshold > MAX_DRAW || Rollouts.sample(g.threshold));
    if (g.fixed == null) {
      return takesAction;
    }
    long count = (takesAction ? g.fixed : g.original).increment();
    return s != null && Sampler.sampled(count, g.period) ? s.begin(takesAction, g.timesOriginal) : takesAction;
  }
}
