package dev.scalpel.cli;

import java.io.IOException;
import picocli.CommandLine;

/** What the commands that talk to a JVM share: sending, printing the answer, and the exit code. */
final class Commands {

  /** The target JVM could not be reached. */
  static final int UNREACHABLE = 3;

  private Commands() {}

  /** Sends {@code options} to the agent in {@code pid}, loading it if needed; prints its answer, returns the exit code. */
  static int send(CommandLine.Model.CommandSpec spec, String pid, String options) {
    return send(spec, pid, options, true);
  }

  /** Sends {@code options} only if Scalpel already runs in {@code pid}: queries must not start it. */
  static int sendToLoaded(CommandLine.Model.CommandSpec spec, String pid, String options) {
    return send(spec, pid, options, false);
  }

  private static int send(CommandLine.Model.CommandSpec spec, String pid, String options, boolean load) {
    AttachClient.Answer answer;
    try {
      answer = AttachClient.send(pid, options, load);
    } catch (AttachClient.Unreachable e) {
      spec.commandLine().getErr().println(e.getMessage());
      return UNREACHABLE;
    } catch (IOException e) {
      spec.commandLine().getErr().println("cannot talk to JVM " + pid + ": " + e.getMessage());
      return ScalpelCli.REFUSED;
    }
    if (answer == null) {
      spec.commandLine().getErr().println("Scalpel is not loaded in JVM " + pid + "; load it with: scalpel attach " + pid
          + " MANIFEST");
      return ScalpelCli.REFUSED;
    }
    (answer.exitCode() == ScalpelCli.OK ? spec.commandLine().getOut() : spec.commandLine().getErr())
        .println(String.join(System.lineSeparator(), answer.lines()));
    return answer.exitCode();
  }
}
