package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

final class SamplerTest {

  private static final MethodType ACTION = MethodType.methodType(int.class, int.class);
  private static final MethodType GUARD = MethodType.methodType(boolean.class, int.class);

  /**
   * A patched method as its prologue runs it: the guard decides, then the action site answers, or
   * the original body does, inside the handler that counts its exceptions.
   */
  static final class Patched {
    final Counting.Counters counters = Counting.Counters.create();
    final Sampler sampler;
    final MethodHandle guard;
    final MethodHandle action;
    final MethodHandle thrown = Counting.thrown(counters);

    Patched(boolean timesOriginal) throws ReflectiveOperationException {
      this(timesOriginal, Sampler.PERIOD);
    }

    Patched(boolean timesOriginal, int period) throws ReflectiveOperationException {
      sampler = new Sampler(period);
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      guard = Counting.guard(lookup.findStatic(SamplerTest.class, "even", GUARD), counters, sampler, timesOriginal);
      MethodHandle original = lookup.findVirtual(Patched.class, "call", ACTION).bindTo(this);
      action = CountedActions.of(lookup.findStatic(SamplerTest.class, "negate", ACTION),
          timesOriginal ? original : null, ACTION, counters.fixedErrors(), sampler);
    }

    int call(int x) throws Throwable {
      if ((boolean) guard.invokeExact(x)) {
        return (int) action.invokeExact(x);
      }
      try {
        return body(x);
      } catch (Throwable t) {
        thrown.invokeExact(t);
        throw t;
      }
    }
  }

  private static boolean even(int x) {
    return x % 2 == 0;
  }

  private static int negate(int x) {
    if (x % 1_000 == 500) {
      throw new IllegalArgumentException("the fix fails on " + x);
    }
    return -x;
  }

  private static int body(int x) {
    if (x % 10 == 3) {
      throw new IllegalStateException("the original fails on " + x);
    }
    return x;
  }

  /** What the patched method must answer for {@code x}: the fix for even numbers, else the original. */
  private static String expected(int x) {
    if (x % 2 == 0) {
      return x % 1_000 == 500 ? "threw IllegalArgumentException" : Integer.toString(-x);
    }
    return x % 10 == 3 ? "threw IllegalStateException" : Integer.toString(x);
  }

  private static String outcome(Patched p, int x) {
    try {
      return Integer.toString(p.call(x));
    } catch (Throwable t) {
      return "threw " + t.getClass().getSimpleName();
    }
  }

  @Test
  void sampled_firstCallAndEveryPeriodthOfAThread() {
    for (int period : new int[] {Sampler.PERIOD, Sampler.LATENCY_RULE_PERIOD}) {
      List<Long> sampled = new ArrayList<>();
      for (long count = 1; count <= 10L * period; count++) {
        if (Sampler.sampled(count, period)) {
          sampled.add(count);
        }
      }
      assertThat(sampled).as("period %s", period).hasSize(10).startsWith(1L, 1L + period);
    }
  }

  @Test
  void new_periodNotAPowerOfTwo_isRefused() {
    for (int period : new int[] {0, -64, 100}) {
      assertThatThrownBy(() -> new Sampler(period)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a sampling period must be a power of two; was " + period);
    }
  }

  @Test
  void call_oneThread_answersAsUnsampledAndTimesOneCallInPeriodOfEachPath() throws Throwable {
    for (int period : new int[] {Sampler.PERIOD, Sampler.LATENCY_RULE_PERIOD}) {
      Patched p = new Patched(true, period);
      int calls = 100_000;
      for (int x = 0; x < calls; x++) {
        assertThat(outcome(p, x)).as("call %s", x).isEqualTo(expected(x));
      }

      Evidence.Interval interval = new PatchEvidence(p.counters, p.sampler).drain();
      assertThat(interval.fixed().calls()).isEqualTo(calls / 2);
      assertThat(interval.original().calls()).as("the sample's call back of the original is not counted again")
          .isEqualTo(calls / 2);
      assertThat(interval.fixed().errors()).isEqualTo(100);
      long perPath = (calls / 2 - 1) / period + 1;
      assertThat(interval.fixed().latency().samples()).as("period %s", period).isEqualTo(perPath);
      assertThat(interval.original().latency().samples()).as("period %s", period).isEqualTo(perPath);
      assertThat(interval.original().errors()).as("every exception of the original, sampled calls once")
          .isEqualTo(calls / 10);
      assertThat(interval.original().latency().max()).isPositive();
    }
  }

  @Test
  void call_originalNotCallable_timesOnlyTheAction() throws Throwable {
    Patched p = new Patched(false);
    for (int x = 0; x < 10_000; x++) {
      assertThat(outcome(p, x)).as("call %s", x).isEqualTo(expected(x));
    }

    Evidence.Interval interval = new PatchEvidence(p.counters, p.sampler).drain();
    assertThat(interval.original().calls()).isEqualTo(5_000);
    assertThat(interval.original().latency().samples()).isZero();
    assertThat(interval.original().errors()).isEqualTo(1_000);
    assertThat(interval.fixed().latency().samples()).isPositive();
  }

  /** Four threads: every call answers as it would unsampled, and the counts stay exact. */
  @Test
  void call_fourThreads_answersRightAndCountsExactly() throws Exception {
    Patched p = new Patched(true);
    PatchEvidence evidence = new PatchEvidence(p.counters, p.sampler);
    int perThread = 200_000;
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int x = 0; x < perThread; x++) {
          String got = outcome(p, x);
          if (!got.equals(expected(x))) {
            wrong.add(x + ": " + got);
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    Evidence.Interval total = Evidence.Interval.EMPTY;
    while (threads.stream().anyMatch(Thread::isAlive)) {
      total = total.plus(evidence.drain());
    }
    for (Thread thread : threads) {
      thread.join();
    }
    total = total.plus(evidence.drain());

    assertThat(wrong).isEmpty();
    assertThat(total.fixed().calls()).isEqualTo(2L * perThread);
    assertThat(total.original().calls()).isEqualTo(2L * perThread);
    assertThat(total.fixed().errors()).isEqualTo(4L * perThread / 1_000);
    assertThat(total.original().errors()).isEqualTo(4L * perThread / 10);
    // A thread's count restarts at 1 in the new cell of a counter table that grew under it (at most
    // log2 of its largest size times), which samples that call too.
    long atMost = 4L * ((perThread / 2 - 1) / Sampler.PERIOD + 1 + Integer.numberOfTrailingZeros(CallCounter.MAX_CELLS));
    assertThat(total.fixed().latency().samples()).isBetween(1L, atMost);
    assertThat(total.original().latency().samples()).isBetween(1L, atMost);
  }
}
