package dev.scalpel.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Wraps a patch's handles so that they count what they do: calls that took the action, calls the
 * guard sent to the original code, and ({@link #thrown}) exceptions out of the original code; the
 * action's exceptions are counted by its site's target ({@link CountedActions}). Only an active
 * patch's handles are wrapped; an inert guard counts nothing and costs nothing.
 *
 * <p>The guard counts both of its outcomes, into a counter chosen by its answer rather than behind a
 * branch on it: under a 50% rollout the answer is a coin toss, and a branch the processor cannot
 * predict costs more than the count.
 */
final class Counting {

  private Counting() {}

  // Looked up once this class is initialized, not in its own initializer: a static method looked up
  // while its class is still being initialized gets a handle that checks initialization, whose
  // lambda form the JDK does not hold ready and spins as a class of its own.
  private static final class Handles {
    static final MethodHandle COUNT_OUTCOME;
    static final MethodHandle COUNT_SAMPLED;
    static final MethodHandle COUNT_ONE;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        COUNT_OUTCOME = lookup.findStatic(Counting.class, "countOutcome",
            MethodType.methodType(boolean.class, Counters.class, boolean.class));
        COUNT_SAMPLED = lookup.findStatic(Counting.class, "countSampled",
            MethodType.methodType(boolean.class, Sampling.class, boolean.class));
        COUNT_ONE = lookup.findStatic(Counting.class, "countOne",
            MethodType.methodType(void.class, CallCounter.class, Throwable.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /**
   * The counters of one patch.
   *
   * @param originalErrors exceptions that left the original body inside the prologue's handler
   *                       ({@link #thrown})
   */
  record Counters(CallCounter fixed, CallCounter original, CallCounter fixedErrors, CallCounter guardErrors,
      CallCounter originalErrors) {
    static Counters create() {
      return new Counters(new CallCounter(), new CallCounter(), new CallCounter(), new CallCounter(),
          new CallCounter());
    }
  }

  /**
   * What a sampling guard's count binds, as one argument: binding one object reuses a shape of
   * bound handle the JDK already has, where binding five spun a class for the new shape. A record,
   * so that its fields are trusted final: the period is a constant to the compiler, as a bound
   * argument is, rather than a field read on each call.
   */
  record Sampling(CallCounter fixed, CallCounter original, Sampler sampler, boolean timesOriginal, int period) {}

  private static boolean countOutcome(Counters counters, boolean takesAction) {
    (takesAction ? counters.fixed() : counters.original()).increment();
    return takesAction;
  }

  private static boolean countSampled(Sampling s, boolean takesAction) {
    long count = (takesAction ? s.fixed() : s.original()).increment();
    return Sampler.sampled(count, s.period()) ? s.sampler().begin(takesAction, s.timesOriginal()) : takesAction;
  }

  private static void countOne(CallCounter errors, Throwable t) {
    errors.increment();
  }

  /**
   * {@code MethodHandles.catchException(target, Throwable.class, handler)}, built on the erased
   * type and converted back. On JDK 17 a guard-with-catch over a type that names an application
   * class kept that class's loader reachable after the application let go of it (a test shows it
   * with a discarded loader): built on {@code Object} and primitives, the combinator sees only
   * JDK types, and the conversion back lives in the handle itself. The handler takes the exception
   * and, as {@code catchException} allows, a prefix of the target's arguments: none is enough.
   */
  static MethodHandle catching(MethodHandle target, MethodHandle handler) {
    MethodType type = target.type();
    MethodHandle erasedHandler = handler.asType(handler.type().erase().changeParameterType(0, Throwable.class));
    // Fixed arity: adapting a varargs handle to the erased type would collect the array into itself.
    return MethodHandles.catchException(target.asFixedArity().asType(type.erase()), Throwable.class, erasedHandler)
        .asType(type);
  }

  /**
   * The target of a {@link dev.scalpel.bootstrap.Dispatcher#THROWN} site, {@code (Throwable)V}:
   * counts each exception that leaves the original body into {@code originalErrors}. The prologue's
   * handler rethrows it.
   */
  static MethodHandle thrown(Counters counters) {
    return Handles.COUNT_ONE.bindTo(counters.originalErrors());
  }

  /**
   * The guard, counting each call it lets through to the action into {@code fixed}, and each call
   * it sends to the original code into {@code original}.
   */
  static MethodHandle guard(MethodHandle guard, Counters counters) {
    return MethodHandles.filterReturnValue(guard, Handles.COUNT_OUTCOME.bindTo(counters));
  }

  /**
   * The guard, counting as {@link #guard(MethodHandle, Counters)} does, and starting a sample of
   * the call's latency on the first and every {@link Sampler#period}-th call of a thread on a path.
   *
   * @param timesOriginal whether the sampler can call this class's original back, to time it
   */
  static MethodHandle guard(MethodHandle guard, Counters counters, Sampler sampler, boolean timesOriginal) {
    return sampler.guard(MethodHandles.filterReturnValue(guard, Handles.COUNT_SAMPLED.bindTo(
        new Sampling(counters.fixed(), counters.original(), sampler, timesOriginal, sampler.period()))));
  }
}
