package dev.scalpel.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scalpel jvms}. */
@Command(name = "jvms", mixinStandardHelpOptions = true,
    description = "List the JVMs this user can attach to: pid, main class, whether Scalpel is loaded.")
final class JvmsCommand implements Callable<Integer> {

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
      String scalpel;
      try {
        String version = AttachClient.probe(d.id()).version();
        scalpel = version == null ? "-" : version;
      } catch (AttachClient.Unreachable e) {
        scalpel = "?";
      }
      String main = d.displayName().isEmpty() ? "(unknown)" : d.displayName().split(" ")[0];
      spec.commandLine().getOut().println(String.format("%-8s %-16s %s", d.id(), scalpel, main));
    }
    return ScalpelCli.OK;
  }
}
