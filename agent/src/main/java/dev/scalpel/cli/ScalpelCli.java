package dev.scalpel.cli;

import java.io.PrintWriter;

/**
 * {@code java -jar scalpel-agent.jar COMMAND ...}: the operator's command line.
 *
 * <p>Exit codes: 0 done; 1 refused or failed (the message says why, and nothing changed); 2 usage
 * error; 3 the target JVM could not be reached.
 *
 * <p>The commands an operator waits on most ({@code status}, {@code rollback}, {@code jvms}) in
 * their usual forms run without loading the argument parser ({@link QuickCommands}); any other
 * form, help and every usage error go to {@link ScalpelCommand}, so both give the same answers.
 */
public final class ScalpelCli {

  /** Done. */
  static final int OK = 0;
  /** Refused or failed; nothing changed. */
  static final int REFUSED = 1;

  private ScalpelCli() {}

  /** Runs a command and exits with its code. */
  public static void main(String[] args) {
    if (talksToAgents(args)) {
      // Their Unix-domain sockets' set-up starts now, beside the command's own work.
      UnixChannels.prepare();
    }
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Whether the command asks running agents over their control sockets: status, rollback, jvms. */
  static boolean talksToAgents(String[] args) {
    return args.length > 0 && (args[0].equals("status") || args[0].equals("rollback") || args[0].equals("jvms"));
  }

  /** Runs a command, printing to {@code out} and {@code err}, and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    int code = QuickCommands.run(out, err, args);
    return code != QuickCommands.NOT_QUICK ? code : ScalpelCommand.execute(out, err, args);
  }
}
