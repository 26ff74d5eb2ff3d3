package dev.scalpel.cli;

import dev.scalpel.agent.ControlClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scalpel jvms}. */
@Command(name = "jvms", mixinStandardHelpOptions = true,
    description = "List the JVMs this user can attach to: pid, main class, whether Scalpel is loaded.")
final class JvmsCommand implements Callable<Integer> {

  /** The longest a listing waits for one agent's answer. */
  static final int PROBE_SECONDS = 10;

  @CommandLine.Mixin
  private TimeoutOption timeout = new TimeoutOption();

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return list(spec.commandLine().getOut(), spec.commandLine().getErr(), timeout.duration(spec));
  }

  /**
   * Prints one row per JVM this user can attach to, this one left out, found in {@code /proc}
   * ({@link JavaProcesses}) without attaching to any. A JVM whose agent's control socket is at its
   * derived path ({@link dev.scalpel.agent.ControlPath}) is asked its version there; the others show
   * '-'. The agents are asked at once, each within {@code timeout} or {@value #PROBE_SECONDS} s,
   * whichever is shorter, so that one agent cannot hold the listing for a minute: one that does
   * not answer shows as '?' and holds up no other row.
   */
  static int list(PrintWriter out, PrintWriter err, Duration timeout) {
    Duration most = Duration.ofSeconds(PROBE_SECONDS);
    Duration limit = timeout.compareTo(most) < 0 ? timeout : most;
    Path proc = Path.of("/proc");
    List<JavaProcesses.Jvm> jvms = JavaProcesses.list(proc);
    List<FutureTask<String>> probes = new ArrayList<>();
    for (JavaProcesses.Jvm jvm : jvms) {
      TargetFiles files = TargetFiles.of(proc, jvm.pid());
      Optional<Path> socket = files.derivedControlSocket();
      boolean there = socket.isPresent() && Files.exists(socket.get(), LinkOption.NOFOLLOW_LINKS);
      probes.add(there ? start(jvm.pid(), files, limit) : null);
    }
    out.println(row("PID", "SCALPEL", "MAIN"));
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < jvms.size(); i++) {
      JavaProcesses.Jvm jvm = jvms.get(i);
      FutureTask<String> probe = probes.get(i);
      out.println(row(jvm.pid(), probe == null ? "-" : await(probe, jvm.pid(), deadline, limit, err), jvm.main()));
    }
    return ScalpelCli.OK;
  }

  private static FutureTask<String> start(String pid, TargetFiles files, Duration limit) {
    FutureTask<String> probe = new FutureTask<>(new Probing(pid, files, limit));
    Thread thread = new Thread(probe, "scalpel-probe-" + pid);
    thread.setDaemon(true);
    thread.start();
    return probe;
  }

  private static String await(FutureTask<String> probe, String pid, long deadline, Duration limit, PrintWriter err) {
    try {
      return probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      probe.cancel(true);
      err.println("JVM " + pid + " did not answer within " + limit.toSeconds() + " s");
      return "?";
    } catch (ExecutionException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  // The columns as "%-8s %-16s %s" lays them out, without the formatter's start-up cost.
  static String row(String pid, String scalpel, String main) {
    StringBuilder line = new StringBuilder(pid);
    pad(line, 8);
    int column = line.append(' ').length();
    line.append(scalpel);
    pad(line, column + 16);
    return line.append(' ').append(main).toString();
  }

  private static void pad(StringBuilder line, int width) {
    while (line.length() < width) {
      line.append(' ');
    }
  }

  // Asks the agent at a JVM's derived control socket for its version, from the start of its status
  // JSON: {"agent":"VERSION",...; '-' where the socket turns out not to be a live agent's.
  private static final class Probing implements Callable<String> {
    private final String pid;
    private final TargetFiles files;
    private final Duration limit;

    Probing(String pid, TargetFiles files, Duration limit) {
      this.pid = pid;
      this.files = files;
      this.limit = limit;
    }

    @Override
    public String call() throws IOException {
      SocketChannel socket = DerivedSocket.connect(pid, files);
      if (socket == null) {
        return "-";
      }
      String reply = ControlClient.request(socket, "status=json", limit);
      int at = reply.indexOf("{\"agent\":\"");
      int end = at < 0 ? -1 : reply.indexOf('"', at + 10);
      return end < 0 ? "?" : reply.substring(at + 10, end);
    }
  }
}
