package dev.scalpel.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The agent's clock: one daemon thread that runs a fixed list of tasks (expiry, hot reload, JMX
 * sync) one after the other, again and again, with a pause between rounds. A task that throws,
 * anything at all, {@link Error}s included, is reported and the round goes on; the next round runs
 * as always (tested by {@code AgentClockTest#tick_taskThrowsError_clockKeepsRunning}). A task that
 * keeps failing the same way is reported once, and again when its failure changes or it recovers.
 * The clock owns its thread's loop only: what the tasks do lives elsewhere.
 */
final class AgentClock implements AutoCloseable {

  /** One job of the clock. */
  @FunctionalInterface
  interface Task {
    /** Does the job once; anything it throws is reported. */
    void run() throws Exception;
  }

  private record Named(String name, Task task) {}

  private final AgentLog log;
  private final Duration period;
  private final List<Named> tasks = new ArrayList<>();
  private final List<String> lastFailures = new ArrayList<>();
  private static final int ROUND = -1;
  private static final int STOP = -2;

  private Thread thread;
  // Which tasks soon() asked for, by index; made when the clock starts.
  private boolean[] asked;
  private boolean closed;

  /** A clock that will run its tasks every {@code period} once started, reporting to {@code log}. */
  AgentClock(AgentLog log, Duration period) {
    this.log = log;
    this.period = period;
  }

  /**
   * Adds a task, run after those added before it.
   *
   * @throws IllegalStateException if the clock runs already
   */
  synchronized AgentClock every(String name, Task task) {
    if (thread != null) {
      throw new IllegalStateException("cannot add the task '" + name + "' to a running clock");
    }
    tasks.add(new Named(name, task));
    lastFailures.add(null);
    return this;
  }

  /**
   * Starts the clock's thread; the first round runs one period from now.
   *
   * @throws IllegalStateException if it was started before
   */
  synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the clock runs already");
    }
    asked = new boolean[tasks.size()];
    thread = new Thread(new Loop(), "scalpel-clock");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The clock's thread: a plain thread that waits on the clock's lock, rather than a scheduled
   * executor, whose classes (and a lambda each for its thread factory and task) would load into the
   * application while the agent starts. Tasks run outside the lock: {@link #soon} is called from
   * application threads that hold their own locks.
   */
  private final class Loop implements Runnable {
    @Override
    public void run() {
      long round = System.nanoTime() + period.toNanos();
      while (true) {
        int next;
        try {
          next = next(round);
        } catch (InterruptedException e) {
          log.error("the agent's clock was interrupted and stopped: expiry, hot reload and the safety net no longer run");
          return;
        }
        if (next == STOP) {
          return;
        }
        try {
          if (next == ROUND) {
            tick();
            round = System.nanoTime() + period.toNanos();
          } else {
            runOne(next, tasks.get(next));
          }
        } catch (Throwable t) {
          // Don't rethrow: the clock would stop for good. The tasks catch their own failures; this is
          // the log itself failing.
          round = System.nanoTime() + period.toNanos();
        }
      }
    }
  }

  // What the clock's thread does next: a task soon() asked for, a round once it is due, or stop;
  // waits until one of them.
  private synchronized int next(long round) throws InterruptedException {
    while (true) {
      if (closed) {
        return STOP;
      }
      for (int i = 0; i < asked.length; i++) {
        if (asked[i]) {
          asked[i] = false;
          return i;
        }
      }
      long left = round - System.nanoTime();
      if (left <= 0) {
        return ROUND;
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /**
   * Runs one of the clock's tasks as soon as its thread is free, besides its rounds; before the
   * clock starts, the first round runs it.
   *
   * @param name the name {@link #every} added it with
   * @throws IllegalArgumentException if no task has that name
   */
  synchronized void soon(String name) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).name().equals(name)) {
        if (thread != null && !closed) {
          asked[i] = true;
          notifyAll();
        }
        return;
      }
    }
    throw new IllegalArgumentException("the clock has no task '" + name + "'");
  }

  /** Runs every task once, in order, on the calling thread. Never throws. */
  void tick() {
    for (int i = 0; i < tasks.size(); i++) {
      runOne(i, tasks.get(i));
    }
  }

  private void runOne(int index, Named named) {
    String failure = null;
    try {
      named.task().run();
    } catch (Throwable t) {
      // Don't rethrow: the round goes on with the next task.
      failure = t.toString();
    }
    report(index, named.name(), failure);
  }

  private void report(int index, String name, String failure) {
    String last = lastFailures.get(index);
    if (Objects.equals(last, failure)) {
      return;
    }
    lastFailures.set(index, failure);
    if (failure != null) {
      log.error("background task '" + name + "' failed, and runs again in " + period.toMillis() + " ms: " + failure
          + (last == null ? "" : " (it failed before with: " + last + ")"));
    } else {
      log.info("background task '" + name + "' works again");
    }
  }

  /** Stops the thread; a round under way finishes first. */
  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}
