package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A JVM started by {@link JvmRunner}, whose output is collected while it runs. Close it (or
 * {@link #finish()} it) so that no process outlives its test.
 */
final class RunningJvm implements AutoCloseable {

  private static final long POLL_MILLIS = 20;

  private final List<String> command;
  private final Process process;
  private final Duration timeout;
  private final Collector stdout;
  private final Collector stderr;

  RunningJvm(List<String> command, Process process, Duration timeout) {
    this.command = List.copyOf(command);
    this.process = process;
    this.timeout = timeout;
    this.stdout = Collector.start(process.getInputStream(), "stdout of pid " + process.pid());
    this.stderr = Collector.start(process.getErrorStream(), "stderr of pid " + process.pid());
  }

  /** The operating system's id of the process. */
  long pid() {
    return process.pid();
  }

  /** Whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Closes the program's standard input, so that it reads end of file. */
  void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the standard input of pid " + process.pid(), e);
    }
  }

  /**
   * What the program printed on standard output so far, line by line; while it runs, a last line
   * still without its line end is left out, so that no test reads half a line.
   */
  List<String> stdoutLines() {
    return lines(stdout);
  }

  /** What the program printed on standard error so far, line by line, as {@link #stdoutLines()}. */
  List<String> stderrLines() {
    return lines(stderr);
  }

  /**
   * Waits until the program has printed {@code line} as a whole line on standard output.
   *
   * @throws org.opentest4j.AssertionFailedError if it exits first, or the timeout passes first,
   *     after killing it
   */
  void awaitStdoutLine(String line) {
    awaitStdout("it printed '" + line + "'", lines -> lines.contains(line));
  }

  /**
   * Waits until what the program printed on standard output so far, line by line, satisfies
   * {@code condition}.
   *
   * @param what the condition in words, for the failure message ("it printed the fixed total")
   * @throws org.opentest4j.AssertionFailedError if it exits first, or the timeout passes first,
   *     after killing it
   */
  void awaitStdout(String what, Predicate<List<String>> condition) {
    await(what, () -> condition.test(stdoutLines()), () -> "");
  }

  /**
   * Waits, while the program runs, until {@code condition} holds; the condition may look at
   * anything the program changes, such as a file it writes.
   *
   * @param what    the condition in words, for the failure message ("the audit log holds 3 records")
   * @param context more to show if it fails, such as that file's content
   * @throws org.opentest4j.AssertionFailedError if the program exits first, or the timeout passes
   *     first, after killing it
   */
  void await(String what, BooleanSupplier condition, Supplier<String> context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        stdout.awaitText();
        stderr.awaitText();
        if (condition.getAsBoolean()) {
          return;
        }
        fail("exited while waiting until " + what + "\n" + describe("exit code: " + process.exitValue()) + context(context));
      }
      if (System.nanoTime() - deadline > 0) {
        kill();
        fail("timed out after " + timeout + " waiting until " + what + "; killed\n" + describe("killed") + context(context));
      }
      sleep(POLL_MILLIS);
    }
  }

  /**
   * Waits for the program to exit and returns what it did.
   *
   * @throws org.opentest4j.AssertionFailedError if it is still running after the timeout, after
   *     killing it
   */
  JvmResult finish() {
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("Interrupted while waiting for pid " + process.pid(), e);
    }
    if (!exited) {
      kill();
      fail("timed out after " + timeout + "; killed\n" + describe("killed"));
    }
    return new JvmResult(command, process.exitValue(), stdout.awaitText(), stderr.awaitText());
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<String> lines(Collector output) {
    boolean running = process.isAlive();
    String text = output.text();
    boolean partialLast = running && !text.isEmpty() && !text.endsWith("\n");
    List<String> lines = text.lines().toList();
    return partialLast ? lines.subList(0, lines.size() - 1) : lines;
  }

  private static String context(Supplier<String> context) {
    String text = context.get();
    return text.isEmpty() ? "" : "\n" + text;
  }

  private String describe(String outcome) {
    return JvmResult.describe(command, outcome, stdout.text(), stderr.text());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a JVM", e);
    }
  }

  /** Copies one output stream of the process into memory as it arrives. */
  private static final class Collector implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread thread;

    private Collector(InputStream in, String name) {
      this.in = in;
      this.thread = new Thread(this, name);
      this.thread.setDaemon(true);
    }

    static Collector start(InputStream in, String name) {
      Collector collector = new Collector(in, name);
      collector.thread.start();
      return collector;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (bytes) {
            bytes.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // The process was killed and its pipe closed under us: keep what arrived.
      }
    }

    /** What arrived so far. */
    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    /** Everything, once the process has exited and its stream has ended. */
    String awaitText() {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return text();
    }
  }
}
