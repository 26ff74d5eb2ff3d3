package dev.scalpel.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @CommandLine.Mixin
  private TimeoutOption timeout = new TimeoutOption();

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return list(spec.commandLine().getOut(), spec.commandLine().getErr(), timeout.duration(spec));
  }

  /**
   * Prints one row per JVM this user can attach to, this one left out. The JVMs are asked at once,
   * each within {@code limit}: one that does not answer shows as '?' and holds up no other row.
   */
  static int list(PrintWriter out, PrintWriter err, Duration limit) {
    String self = String.valueOf(ProcessHandle.current().pid());
    List<VirtualMachineDescriptor> jvms = new ArrayList<>();
    List<FutureTask<AttachClient.Probe>> probes = new ArrayList<>();
    for (VirtualMachineDescriptor d : VirtualMachine.list()) {
      if (!d.id().equals(self)) {
        jvms.add(d);
        probes.add(start(d.id()));
      }
    }
    out.println(row("PID", "SCALPEL", "MAIN"));
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < jvms.size(); i++) {
      VirtualMachineDescriptor d = jvms.get(i);
      String scalpel = await(probes.get(i), d.id(), deadline, limit, err);
      String main = d.displayName().isEmpty() ? "(unknown)" : d.displayName().split(" ")[0];
      out.println(row(d.id(), scalpel, main));
    }
    return ScalpelCli.OK;
  }

  private static FutureTask<AttachClient.Probe> start(String pid) {
    FutureTask<AttachClient.Probe> probe = new FutureTask<>(new Probing(pid));
    Thread thread = new Thread(probe, "scalpel-probe-" + pid);
    thread.setDaemon(true);
    thread.start();
    return probe;
  }

  private static String await(FutureTask<AttachClient.Probe> probe, String pid, long deadline, Duration limit,
      PrintWriter err) {
    try {
      String version = probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).version();
      return version == null ? "-" : version;
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

  private static final class Probing implements Callable<AttachClient.Probe> {
    private final String pid;

    Probing(String pid) {
      this.pid = pid;
    }

    @Override
    public AttachClient.Probe call() throws AttachClient.Unreachable {
      return AttachClient.probe(pid);
    }
  }
}
