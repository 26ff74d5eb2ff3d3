package dev.scalpel.cli;

import dev.scalpel.agent.ControlClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * What the commands that talk to a JVM share: sending, printing the answer, the exit code, and the
 * time bound. Every exchange with the JVM (attaching, reading its properties, loading the agent,
 * its answer over the control socket) ends within the timeout or the command gives up, says what
 * it waited for, and exits with {@link #UNREACHABLE}.
 */
final class Commands {

  /** The target JVM could not be reached, or did not answer in time. */
  static final int UNREACHABLE = 3;
  /** A line of the agent's answer that starts so is a warning, printed on standard error. */
  static final String WARNING = "warning: ";

  private static final Duration GRACE = Duration.ofSeconds(2);

  private Commands() {}

  /** Sends {@code options} to the agent in {@code pid}, loading it if needed; prints its answer, returns the exit code. */
  static int send(CommandLine.Model.CommandSpec spec, String pid, String options, Duration timeout) {
    return send(spec.commandLine().getOut(), spec.commandLine().getErr(), pid, options, true, timeout);
  }

  /** Sends {@code options} only if Scalpel already runs in {@code pid}: queries must not start it. */
  static int sendToLoaded(CommandLine.Model.CommandSpec spec, String pid, String options, Duration timeout) {
    return send(spec.commandLine().getOut(), spec.commandLine().getErr(), pid, options, false, timeout);
  }

  /**
   * Sends {@code options} to the agent in {@code pid}, loading it first only if {@code load};
   * prints its answer on {@code out} (on {@code err} if refused or failed, and its warnings there
   * too) and returns the exit code. An agent at its derived control socket ({@link DerivedSocket})
   * is asked on this thread, within the timeout; any other way goes through the attach mechanism on
   * a thread of its own, which this one waits for within the timeout and a grace period.
   */
  static int send(PrintWriter out, PrintWriter err, String pid, String options, boolean load, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    TargetFiles files = TargetFiles.of(pid);
    SocketChannel direct = DerivedSocket.connect(pid, files);
    AttachClient.Answer answer;
    try {
      answer = direct != null ? AttachClient.Answer.of(ControlClient.request(direct, options,
          Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()))))
          : attaching(pid, files, options, load, deadline, timeout);
    } catch (TimeoutException e) {
      err.println("timed out after " + timeout.toSeconds() + " s waiting for JVM " + pid + " to answer '" + options
          + "' (the agent may still be working: check with scalpel status " + pid + ", or wait longer with --timeout)");
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted while waiting for JVM " + pid);
      return UNREACHABLE;
    } catch (ExecutionException e) {
      return failed(err, pid, options, e.getCause());
    } catch (IOException e) {
      return failed(err, pid, options, e);
    }
    if (answer == null) {
      err.println("Scalpel is not loaded in JVM " + pid + "; load it with: scalpel attach " + pid + " MANIFEST");
      return ScalpelCli.REFUSED;
    }
    List<String> shown = new ArrayList<>();
    for (String line : answer.lines()) {
      if (line.startsWith(WARNING)) {
        err.println(line);
      } else {
        shown.add(line);
      }
    }
    (answer.exitCode() == ScalpelCli.OK ? out : err).println(String.join(System.lineSeparator(), shown));
    return answer.exitCode();
  }

  // The exchange through the attach mechanism, which has no time bound of its own, on a thread
  // this one stops waiting for at the timeout.
  private static AttachClient.Answer attaching(String pid, TargetFiles files, String options, boolean load,
      long deadline, Duration timeout) throws TimeoutException, InterruptedException, ExecutionException {
    FutureTask<AttachClient.Answer> exchange = new FutureTask<>(new Exchange(pid, files, options, load, deadline));
    Thread thread = new Thread(exchange, "scalpel-exchange-" + pid);
    // A daemon: an exchange that never ends must not keep the command line from exiting.
    thread.setDaemon(true);
    thread.start();
    try {
      // The socket's own bound, the rest of the timeout, says more when it is what ran out: a grace period lets it.
      return exchange.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw e;
    }
  }

  // The exit code for an exchange that failed with {@code cause}, after saying why on {@code err}.
  private static int failed(PrintWriter err, String pid, String options, Throwable cause) {
    if (cause instanceof AttachClient.Unreachable) {
      err.println(cause.getMessage());
      return UNREACHABLE;
    }
    if (cause instanceof SocketTimeoutException) {
      err.println("timed out waiting for the agent in JVM " + pid + " to answer '" + options + "' over its control"
          + " socket: " + cause.getMessage() + " (check with scalpel status " + pid + ", or wait longer with --timeout)");
      return UNREACHABLE;
    }
    if (cause instanceof IOException) {
      err.println("cannot talk to JVM " + pid + ": " + cause.getMessage());
      return ScalpelCli.REFUSED;
    }
    err.println("cannot talk to JVM " + pid + ": " + cause);
    return ScalpelCli.REFUSED;
  }

  /** One exchange with the agent, as a named class: a lambda costs the command line a start-up step. */
  private static final class Exchange implements Callable<AttachClient.Answer> {
    private final String pid;
    private final TargetFiles files;
    private final String options;
    private final boolean load;
    private final long deadline;

    Exchange(String pid, TargetFiles files, String options, boolean load, long deadline) {
      this.pid = pid;
      this.files = files;
      this.options = options;
      this.load = load;
      this.deadline = deadline;
    }

    @Override
    public AttachClient.Answer call() throws Exception {
      return AttachClient.send(pid, files, options, load, deadline);
    }
  }
}
