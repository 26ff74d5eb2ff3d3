package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CallCounterTest {

  @Test
  void sum_isExactOverThreadsThatCameAndWent() throws Exception {
    CallCounter a = new CallCounter();
    CallCounter b = new CallCounter();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          a.increment();
          if (i % 2 == 0) {
            b.increment();
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    threads.clear();
    assertThat(a.sum()).isEqualTo(800_000);
    assertThat(b.sum()).isEqualTo(400_000);
    for (int gc = 0; gc < 3; gc++) {
      System.gc();
      assertThat(a.sum()).isEqualTo(800_000);
    }
  }

  @Test
  void increment_manyCounters_growsTheCells() {
    List<CallCounter> counters = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      counters.add(new CallCounter());
    }
    counters.forEach(CallCounter::increment);
    counters.get(99).increment();
    assertThat(counters.get(0).sum()).isEqualTo(1);
    assertThat(counters.get(99).sum()).isEqualTo(2);
  }
}
