package dev.scalpel.cli;

import dev.scalpel.agent.AgentVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar scalpel-agent.jar COMMAND ...}: the operator's command line.
 *
 * <p>Exit codes: 0 done; 1 refused or failed (the message says why, and nothing changed); 2 usage
 * error; 3 the target JVM could not be reached.
 */
@Command(name = "scalpel", mixinStandardHelpOptions = true, versionProvider = ScalpelCli.Version.class,
    description = "Surgical hotfixes for running JVMs.",
    subcommands = {JvmsCommand.class, AttachCommand.class, StatusCommand.class, RollbackCommand.class,
        ValidateCommand.class, AuditCommand.class, KeygenCommand.class,
        SignCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:refused or failed; the message says why, and nothing changed", "2:usage error",
        "3:the target JVM could not be reached"})
public final class ScalpelCli implements Runnable {

  /** Done. */
  static final int OK = 0;
  /** Refused or failed; nothing changed. */
  static final int REFUSED = 1;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs a command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command, printing to {@code out} and {@code err}, and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new ScalpelCli());
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
