package dev.scalpel.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scalpel rollback PID (ID... | --all)}. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {"Take patches out at once: every thread runs the original code on its next call,",
        "then the patch's prologue is removed and the fix released."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:rolled back", "1:refused (an unknown id: nothing changed) or Scalpel is not loaded",
        "2:usage error", "3:the target JVM could not be reached, or did not answer within --timeout"})
final class RollbackCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PID", description = "the target JVM's process id")
  private String pid;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID", description = "the ids of the patches to roll back")
  private List<String> ids = List.of();

  @Option(names = "--all", description = "roll back every patch")
  private boolean all;

  @CommandLine.Mixin
  private TimeoutOption timeout = new TimeoutOption();

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (all == !ids.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give either patch ids or --all");
    }
    if (!all) {
      for (String id : ids) {
        if (!QuickCommands.isId(id)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "'" + id + "' is not a patch id");
        }
      }
    }
    return Commands.sendToLoaded(spec, pid, "rollback=" + (all ? "*" : String.join("+", ids)), timeout.duration(spec));
  }
}
