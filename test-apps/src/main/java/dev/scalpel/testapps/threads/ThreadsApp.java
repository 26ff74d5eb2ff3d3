package dev.scalpel.testapps.threads;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls {@link Answer#of} a given number of times, either once from each of as many virtual
 * threads or spread over 10 platform threads, and tallies what the calls answered, so that a test
 * can compare the tally with the agent's counters. Then it prints, one per line:
 * {@code answered1=N}, {@code answered2=N} (the patched answer) and {@code ready}, waits for its
 * standard input to end, and prints {@code heapAfterGc=BYTES} before it exits.
 *
 * <p>Arguments: {@code virtual|platform CALLS}. Exit code 0; 2 for bad arguments; 3 when asked for
 * virtual threads on a JDK without them.
 */
public final class ThreadsApp {

  private static final int PLATFORM_THREADS = 10;
  // Virtual threads are started in waves, so that the scheduler's queues and the heap never hold
  // a million waiting threads at once: their memory would drown what the test measures.
  private static final int WAVE = 10_000;
  private static final int GC_ROUNDS = 5;
  // The heap is read no sooner after the JVM's start, when an agent has done what it does on a
  // timer at startup (registering its MBeans after two seconds).
  private static final long SETTLE_MILLIS = 4_000;

  private final LongAdder answered1 = new LongAdder();
  private final LongAdder answered2 = new LongAdder();

  private ThreadsApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !(args[0].equals("virtual") || args[0].equals("platform"))) {
      System.err.println("usage: ThreadsApp virtual|platform CALLS");
      System.exit(2);
    }
    int calls = Integer.parseInt(args[1]);
    // The platform's MBeans exist in every run, with or without an agent, whose own MBeans register
    // two seconds after it starts: the heap then differs by the agent's share only.
    ManagementFactory.getPlatformMBeanServer();
    ThreadsApp app = new ThreadsApp();
    if (args[0].equals("virtual")) {
      ExecutorService perTask;
      try {
        perTask = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      } catch (NoSuchMethodException e) {
        System.err.println("this JDK has no virtual threads: " + System.getProperty("java.version"));
        System.exit(3);
        return;
      }
      app.onVirtualThreads(perTask, calls);
    } else {
      app.onPlatformThreads(calls);
    }
    System.out.println("answered1=" + app.answered1.sum());
    System.out.println("answered2=" + app.answered2.sum());
    System.out.println("ready");
    System.out.flush();
    while (System.in.read() >= 0) {
      // Input is ignored; its end asks for the heap and lets the program exit.
    }
    System.out.println("heapAfterGc=" + heapAfterGc());
  }

  private void call(int key) {
    int answer = Answer.of(key);
    if (answer == 2) {
      answered2.increment();
    } else {
      answered1.increment();
    }
  }

  private void onVirtualThreads(ExecutorService perTask, int calls) throws InterruptedException {
    for (int start = 0; start < calls; start += WAVE) {
      int end = Math.min(calls, start + WAVE);
      CountDownLatch done = new CountDownLatch(end - start);
      for (int key = start; key < end; key++) {
        int k = key;
        perTask.execute(() -> {
          try {
            call(k);
          } finally {
            done.countDown();
          }
        });
      }
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("virtual threads " + start + " to " + end + " did not finish in 5 minutes");
      }
    }
    perTask.shutdown();
    if (!perTask.awaitTermination(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the virtual thread executor did not terminate in a minute");
    }
  }

  private void onPlatformThreads(int calls) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < PLATFORM_THREADS; t++) {
      int first = t;
      Thread thread = new Thread(() -> {
        for (int key = first; key < calls; key += PLATFORM_THREADS) {
          call(key);
        }
      }, "caller-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  // The least heap in use right after a full collection, over a few: one collection may leave
  // behind what a reference queue or a finishing thread still held, and whatever runs between a
  // collection and the reading (the agent's own threads, the compiler) adds garbage to it.
  private static long heapAfterGc() throws InterruptedException {
    long settled = SETTLE_MILLIS - ManagementFactory.getRuntimeMXBean().getUptime();
    if (settled > 0) {
      Thread.sleep(settled);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int round = 0; round < GC_ROUNDS; round++) {
      Thread.sleep(100);
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
