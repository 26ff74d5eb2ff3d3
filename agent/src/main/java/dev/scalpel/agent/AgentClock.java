package dev.scalpel.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
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
  private ScheduledExecutorService timer;

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
    if (timer != null) {
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
    if (timer != null) {
      throw new IllegalStateException("the clock runs already");
    }
    timer = Executors.newSingleThreadScheduledExecutor(new Daemon());
    timer.scheduleWithFixedDelay(new Run(-1), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  // Small classes rather than lambdas: the clock starts with the agent, before the application's
  // main, where each lambda costs a generated class.
  private static final class Daemon implements ThreadFactory {
    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "scalpel-clock");
      t.setDaemon(true);
      return t;
    }
  }

  /** A round of every task ({@code index} -1), or one task. */
  private final class Run implements Runnable {
    private final int index;

    Run(int index) {
      this.index = index;
    }

    @Override
    public void run() {
      if (index < 0) {
        tick();
      } else {
        runOne(index, tasks.get(index));
      }
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
        if (timer != null && !timer.isShutdown()) {
          timer.execute(new Run(i));
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
      // Don't rethrow: a task that throws out of a scheduled executor ends the schedule for good.
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
    if (timer != null) {
      timer.shutdown();
    }
  }
}
