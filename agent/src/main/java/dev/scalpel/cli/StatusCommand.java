package dev.scalpel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scalpel status PID [--json]}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show every patch in a JVM: id, state, target, counters.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "1:Scalpel is not loaded in that JVM", "2:usage error", "3:the target JVM could not be reached, or did not answer within --timeout"})
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PID", description = "the target JVM's process id")
  private String pid;

  @Option(names = "--json", description = "print one JSON object")
  private boolean json;

  @CommandLine.Mixin
  private TimeoutOption timeout = new TimeoutOption();

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return Commands.sendToLoaded(spec, pid, "status=" + (json ? "json" : "text"), timeout.duration(spec));
  }
}
