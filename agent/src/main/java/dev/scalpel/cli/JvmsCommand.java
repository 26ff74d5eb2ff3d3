package dev.scalpel.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.time.Duration;
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
    String self = String.valueOf(ProcessHandle.current().pid());
    spec.commandLine().getOut().println(String.format("%-8s %-16s %s", "PID", "SCALPEL", "MAIN"));
    for (VirtualMachineDescriptor d : VirtualMachine.list()) {
      if (d.id().equals(self)) {
        continue;
      }
      String scalpel = probe(d.id(), timeout.duration(spec));
      String main = d.displayName().isEmpty() ? "(unknown)" : d.displayName().split(" ")[0];
      spec.commandLine().getOut().println(String.format("%-8s %-16s %s", d.id(), scalpel, main));
    }
    return ScalpelCli.OK;
  }

  // Each JVM gets the timeout: one that does not answer shows as '?' and holds up no other row.
  private String probe(String pid, Duration limit) {
    FutureTask<AttachClient.Probe> probe = new FutureTask<>(() -> AttachClient.probe(pid));
    Thread thread = new Thread(probe, "scalpel-probe-" + pid);
    thread.setDaemon(true);
    thread.start();
    try {
      String version = probe.get(limit.toMillis(), TimeUnit.MILLISECONDS).version();
      return version == null ? "-" : version;
    } catch (TimeoutException e) {
      probe.cancel(true);
      spec.commandLine().getErr().println("JVM " + pid + " did not answer within " + limit.toSeconds() + " s");
      return "?";
    } catch (ExecutionException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
