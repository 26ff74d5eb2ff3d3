package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class AgentClockTest {

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), AgentLog.Level.INFO);

  /** Guards against one Error ending hot reload, expiry and JMX sync for good. */
  @Test
  void tick_taskThrowsError_clockKeepsRunning() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch later = new CountDownLatch(3);
    try (AgentClock clock = new AgentClock(log, Duration.ofMillis(10))) {
      clock.every("failing", () -> {
        if (calls.incrementAndGet() == 1) {
          throw new OutOfMemoryError("Metaspace");
        }
        later.countDown();
      }).start();
      assertThat(later.await(60, TimeUnit.SECONDS)).as("the task ran three more times after its Error").isTrue();
    }
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains(
        "scalpel: error: background task 'failing' failed, and runs again in 10 ms: java.lang.OutOfMemoryError: Metaspace",
        "scalpel: info: background task 'failing' works again");
  }

  @Test
  void tick_oneTaskFails_theOthersRun() {
    AtomicInteger after = new AtomicInteger();
    AgentClock clock = new AgentClock(log, Duration.ofSeconds(1))
        .every("reload", () -> {
          throw new IOException("disk gone");
        })
        .every("jmx", after::incrementAndGet);
    clock.tick();
    clock.tick();
    assertThat(after).hasValue(2);
    assertThat(logged.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "scalpel: error: background task 'reload' failed, and runs again in 1000 ms: java.io.IOException: disk gone");
  }

  @Test
  void tick_failureChanges_reportedAgainWithTheFormerOne() {
    AtomicInteger round = new AtomicInteger();
    AgentClock clock = new AgentClock(log, Duration.ofSeconds(1)).every("jmx", () -> {
      throw new IllegalStateException("round " + (round.incrementAndGet() > 1 ? "two" : "one"));
    });
    clock.tick();
    clock.tick();
    clock.tick();
    assertThat(logged.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "scalpel: error: background task 'jmx' failed, and runs again in 1000 ms: java.lang.IllegalStateException: round one",
        "scalpel: error: background task 'jmx' failed, and runs again in 1000 ms: java.lang.IllegalStateException: round two"
            + " (it failed before with: java.lang.IllegalStateException: round one)");
  }

  @Test
  void every_afterStart_refused() {
    try (AgentClock clock = new AgentClock(log, Duration.ofSeconds(1))) {
      clock.start();
      assertThatThrownBy(() -> clock.every("late", () -> { }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("cannot add the task 'late' to a running clock");
    }
  }

  /** Guards a record queued on an application thread being written without waiting for the next round. */
  @Test
  void soon_runsTheNamedTaskBeforeTheNextRound() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicInteger other = new AtomicInteger();
    // A period no test waits for: only soon() can run the task in time.
    try (AgentClock clock = new AgentClock(log, Duration.ofHours(1))) {
      clock.every("other", other::incrementAndGet).every("audit", ran::countDown).start();
      clock.soon("audit");
      assertThat(ran.await(60, TimeUnit.SECONDS)).as("the task ran on the clock's thread at once").isTrue();
    }
    assertThat(other.get()).isZero();
  }

  @Test
  void soon_unknownTask_refused() {
    try (AgentClock clock = new AgentClock(log, Duration.ofHours(1))) {
      clock.every("audit", () -> { });
      assertThatThrownBy(() -> clock.soon("expiry")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the clock has no task 'expiry'");
    }
  }
}
