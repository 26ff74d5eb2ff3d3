package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

final class LatencyRecorderTest {

  @Test
  void drain_returnsWhatWasRecordedSinceTheLastDrain() {
    LatencyRecorder recorder = new LatencyRecorder();
    assertThat(recorder.drain()).isSameAs(Evidence.Latency.NONE);

    recorder.record(100);
    recorder.record(300);
    Evidence.Latency first = recorder.drain();
    recorder.record(7);
    Evidence.Latency second = recorder.drain();

    assertThat(first.samples()).isEqualTo(2);
    assertThat(first.max()).isEqualTo(300);
    assertThat(second.samples()).isEqualTo(1);
    assertThat(second.max()).isEqualTo(7);
    assertThat(recorder.drain()).isSameAs(Evidence.Latency.NONE);
  }

  /** Every sample recorded by four threads while another drains lands in exactly one drain. */
  @Test
  void record_fourThreadsWhileDraining_losesAndRepeatsNoSample() throws Exception {
    LatencyRecorder recorder = new LatencyRecorder();
    int perThread = 200_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          recorder.record(i % 5_000 + offset);
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    Evidence.Latency total = Evidence.Latency.NONE;
    while (threads.stream().anyMatch(Thread::isAlive)) {
      total = total.plus(recorder.drain());
    }
    for (Thread thread : threads) {
      thread.join();
    }
    total = total.plus(recorder.drain());

    assertThat(total.samples()).isEqualTo(4L * perThread);
    assertThat(total.max()).isEqualTo(4_999 + 3);
  }
}
