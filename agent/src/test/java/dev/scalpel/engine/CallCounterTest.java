package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class CallCounterTest {

  private static final long WAIT_SECONDS = 120;

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

  /** Guards exactness when more live platform threads count at once than the table has cells. */
  @Test
  void increment_moreLiveThreadsThanCells_exact() throws Exception {
    CallCounter counter = new CallCounter();
    int threads = CallCounter.MAX_CELLS * 2 + 11;
    CyclicBarrier allAlive = new CyclicBarrier(threads);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        await(allAlive);
        for (int i = 0; i < 2_000; i++) {
          counter.increment();
        }
        await(allAlive);
      });
      started.add(thread);
      thread.start();
    }
    joinAll(started);
    assertThat(counter.sum()).isEqualTo(threads * 2_000L);
    assertThat(counter.cells()).isEqualTo(CallCounter.MAX_CELLS);
  }

  /** Guards the takeover: a thread that lands on a dead thread's cell counts on in it, and the table stays small. */
  @Test
  void increment_threadsOneAfterAnother_reuseOneCell() throws Exception {
    CallCounter counter = new CallCounter();
    for (int t = 0; t < 50; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 100; i++) {
          counter.increment();
        }
      });
      thread.start();
      thread.join();
    }
    assertThat(counter.sum()).isEqualTo(5_000);
    assertThat(counter.cells()).isEqualTo(1);
  }

  /** Guards growth: two live threads that collide get cells of their own. */
  @Test
  void increment_twoLiveThreads_tableGrows() throws Exception {
    CallCounter counter = new CallCounter();
    CountDownLatch counted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread first = new Thread(() -> {
      counter.increment();
      counted.countDown();
      awaitLatch(release);
      counter.increment();
    });
    first.start();
    assertThat(counted.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the first thread counted").isTrue();
    counter.increment();
    counter.increment();
    release.countDown();
    first.join();
    assertThat(counter.sum()).isEqualTo(4);
    assertThat(counter.cells()).isGreaterThan(1);
  }

  /** Guards the weak owner: a counter keeps no dead thread (nor what it refers to) alive. */
  @Test
  void increment_deadThread_isNotKeptAlive() throws Exception {
    CallCounter counter = new CallCounter();
    Thread thread = new Thread(counter::increment);
    thread.start();
    thread.join();
    WeakReference<Thread> gone = new WeakReference<>(thread);
    thread = null;
    for (int gc = 0; gc < 20 && gone.get() != null; gc++) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(gone.get()).as("the dead thread after collections").isNull();
    assertThat(counter.sum()).isEqualTo(1);
  }

  /** Guards exact totals from many platform and virtual threads counting at once into the same counters. */
  @Test
  void increment_platformAndVirtualThreads_exact() throws Exception {
    ExecutorService virtual = virtualThreadPerTask();
    CallCounter a = new CallCounter();
    CallCounter b = new CallCounter();
    List<Thread> platform = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 50_000; i++) {
          a.increment();
          b.increment();
        }
      });
      platform.add(thread);
      thread.start();
    }
    int virtualThreads = 20_000;
    for (int t = 0; t < virtualThreads; t++) {
      virtual.execute(() -> {
        for (int i = 0; i < 10; i++) {
          a.increment();
        }
      });
    }
    virtual.shutdown();
    assertThat(virtual.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).as("the virtual threads finished").isTrue();
    joinAll(platform);
    assertThat(a.sum()).isEqualTo(16 * 50_000L + virtualThreads * 10L);
    assertThat(b.sum()).isEqualTo(16 * 50_000L);
  }

  /** Guards the promise that virtual threads claim no cell: a million of them cost the counter no table. */
  @Test
  void increment_virtualThreadsOnly_claimNoCell() throws Exception {
    ExecutorService virtual = virtualThreadPerTask();
    CallCounter counter = new CallCounter();
    for (int t = 0; t < 10_000; t++) {
      virtual.execute(counter::increment);
    }
    virtual.shutdown();
    assertThat(virtual.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).as("the virtual threads finished").isTrue();
    assertThat(counter.sum()).isEqualTo(10_000);
    assertThat(counter.cells()).isZero();
  }

  private static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      assumeTrue(false, "Java " + System.getProperty("java.version") + " has no virtual threads (21 and later do)");
      throw e;
    }
  }

  private static void joinAll(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertThat(t.isAlive()).as("thread %s finished within %d s", t.getName(), WAIT_SECONDS).isFalse();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the counting threads did not all meet at the barrier", e);
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test did not release the first thread within " + WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
