package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.api.Original;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

final class PlainGuardTest {

  private static final long HALF = Rollouts.threshold(5_000);

  private static final long FULL = Rollouts.threshold(10_000);

  private static PlainGuard counted(long threshold, boolean fixBypass, boolean shadowBypass,
      Counting.Counters counters) {
    return new PlainGuard(threshold, fixBypass, shadowBypass, counters.fixed(), counters.original(), null, false,
        0);
  }

  private static boolean ask(PlainGuard guard) throws Throwable {
    return (boolean) guard.handle().invokeExact();
  }

  /** The guard's answer inside an {@code Original.call} block, as the fix's own call of the original sees it. */
  private static boolean askInsideOriginalCall(PlainGuard guard) throws Throwable {
    return Original.call(() -> ask(guard));
  }

  @Test
  void handle_takesNoParameters() {
    assertThat(counted(FULL, false, false, Counting.Counters.create()).handle().type())
        .isEqualTo(MethodType.methodType(boolean.class));
  }

  @Test
  void fullRollout_takesEveryCall_andCountsItFixed() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    PlainGuard guard = counted(FULL, false, false, counters);
    for (int i = 0; i < 100; i++) {
      assertThat(ask(guard)).isTrue();
    }
    assertThat(counters.fixed().sum()).isEqualTo(100);
    assertThat(counters.original().sum()).isZero();
  }

  @Test
  void zeroRollout_takesNoCall_andCountsEachOriginal() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    PlainGuard guard = counted(Rollouts.threshold(0), false, false, counters);
    for (int i = 0; i < 100; i++) {
      assertThat(ask(guard)).isFalse();
    }
    assertThat(counters.fixed().sum()).isZero();
    assertThat(counters.original().sum()).isEqualTo(100);
  }

  @Test
  void halfRollout_splitsTheCalls_andCountsBothPathsExactly() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    PlainGuard guard = counted(HALF, false, false, counters);
    int taken = 0;
    int calls = 20_000;
    for (int i = 0; i < calls; i++) {
      if (ask(guard)) {
        taken++;
      }
    }
    // 20,000 fair draws: the share is within 0.5 +- 0.02 with probability above 1 - 1e-8.
    assertThat(taken).isBetween(9_600, 10_400);
    assertThat(counters.fixed().sum()).isEqualTo(taken);
    assertThat(counters.original().sum()).isEqualTo(calls - taken);
  }

  @Test
  void fixBypass_sendsTheFixsOwnCallToTheOriginal_once_andCountsIt() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    PlainGuard guard = counted(FULL, true, false, counters);
    assertThat(askInsideOriginalCall(guard)).isFalse();
    assertThat(ask(guard)).as("the bypass is consumed by the call it was for").isTrue();
    assertThat(counters.original().sum()).isEqualTo(1);
    assertThat(counters.fixed().sum()).isEqualTo(1);
  }

  @Test
  void fixBypass_isConsumedBeforeTheDraw_evenWhenTheDrawWouldSayNo() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    PlainGuard guard = counted(Rollouts.threshold(0), true, false, counters);
    assertThat(askInsideOriginalCall(guard)).isFalse();
    assertThat(Original.consumeBypass()).as("nothing left set for the next patched method").isFalse();
  }

  @Test
  void shadowBypass_sendsTheShadowsCallToTheOriginal_uncounted() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    PlainGuard guard = counted(FULL, false, true, counters);
    assertThat(askInsideOriginalCall(guard)).isFalse();
    assertThat(counters.original().sum()).isZero();
    assertThat(counters.fixed().sum()).isZero();
    assertThat(ask(guard)).isTrue();
    assertThat(counters.fixed().sum()).isEqualTo(1);
  }

  @Test
  void withoutCounters_answersAlone() throws Throwable {
    PlainGuard take = new PlainGuard(FULL, false, false, null, null, null, false, 0);
    PlainGuard refuse = new PlainGuard(Rollouts.threshold(0), false, false, null, null, null, false, 0);
    assertThat(ask(take)).isTrue();
    assertThat(ask(refuse)).isFalse();
  }

  @Test
  void withASampler_beginsASampleOnTheFirstCallOfAThread_andCountsAsWithout() throws Throwable {
    Counting.Counters counters = Counting.Counters.create();
    Sampler sampler = new Sampler(64);
    PlainGuard guard = new PlainGuard(FULL, false, false, counters.fixed(), counters.original(), sampler, false,
        sampler.period());
    MethodHandle handle = guard.handle();
    assertThat((boolean) handle.invokeExact()).isTrue();
    assertThat(Sampler.sampling(sampler)).as("the first call of the thread on the path is timed").isTrue();
    assertThat((boolean) handle.invokeExact()).as("the next guard frees the slot and answers").isTrue();
    assertThat(counters.fixed().sum()).isEqualTo(2);
  }
}
