package dev.scalpel.cli;

import dev.scalpel.agent.AgentVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line as picocli parses it: every command, its help and its usage errors. The common
 * forms of {@code status}, {@code rollback} and {@code jvms} are served before this class loads
 * ({@link QuickCommands}); everything else comes here.
 */
@Command(name = "scalpel", mixinStandardHelpOptions = true, versionProvider = ScalpelCommand.Version.class,
    description = "Surgical hotfixes for running JVMs.",
    subcommands = {JvmsCommand.class, AttachCommand.class, StatusCommand.class, RollbackCommand.class,
        ValidateCommand.class, AuditCommand.class, KeygenCommand.class,
        SignCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:refused or failed; the message says why, and nothing changed", "2:usage error",
        "3:the target JVM could not be reached"})
final class ScalpelCommand implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  private ScalpelCommand() {}

  /** Parses {@code args} as picocli does, runs the command, and returns its exit code. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new ScalpelCommand());
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** The agent's version from its jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"scalpel " + AgentVersion.get()};
    }
  }
}
