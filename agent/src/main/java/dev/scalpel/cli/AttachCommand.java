package dev.scalpel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scalpel attach PID MANIFEST}. */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = {"Load the agent into a running JVM with this manifest, or, if it is loaded, switch it to this manifest.",
        "All or nothing: if any patch cannot apply, nothing of the manifest applies and the running patches stay."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:applied; each patch's state is printed", "1:refused or failed; the message says why, and nothing changed",
        "2:usage error", "3:the target JVM could not be reached, or did not answer within --timeout"})
final class AttachCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PID", description = "the target JVM's process id")
  private String pid;

  @Parameters(index = "1", paramLabel = "MANIFEST", description = "the manifest file (YAML), read by the target JVM")
  private Path manifest;

  @Option(names = "--audit", paramLabel = "PATH",
      description = {"the audit log, when the agent is not loaded yet (default: scalpel-audit.jsonl in the target's working directory).",
          "A running agent keeps the log it started with, and warns if PATH differs"})
  private Path audit;

  @Option(names = "--trust", paramLabel = "KEYS",
      description = {"when the agent is not loaded yet: require every manifest to be signed by one of the PEM public keys in KEYS.",
          "A running agent keeps the keys it started with (and warns if KEYS differs); one started without keys refuses the manifest"})
  private Path trust;

  @Option(names = "--policy", paramLabel = "POLICY",
      description = {"when the agent is not loaded yet: require every manifest to meet the policy file POLICY.",
          "A running agent keeps the policy it started with (and warns if POLICY differs); one started without refuses the manifest"})
  private Path policy;

  @Option(names = "--log", paramLabel = "LEVEL", description = "the agent's log level from now on: error, warn, info or debug")
  private String log;

  @Option(names = "--no-watch", description = "do not reload the manifest when its file changes")
  private boolean noWatch;

  @CommandLine.Mixin
  private TimeoutOption timeout = new TimeoutOption();

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(manifest)) {
      spec.commandLine().getErr().println(manifest + ": no such file");
      return ScalpelCli.REFUSED;
    }
    if (log != null && !isLevel(log)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--log " + log + " is not a level; write error, warn, info or debug");
    }
    String options = options(manifest, audit, trust, policy, log, noWatch);
    if (options == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "paths given to the agent cannot contain ','");
    }
    return Commands.send(spec, pid, options, timeout.duration(spec));
  }

  /** Whether {@code level} is one of the agent's log levels. */
  static boolean isLevel(String level) {
    return level.equals("error") || level.equals("warn") || level.equals("info") || level.equals("debug");
  }

  /**
   * The agent options an attach sends: every path absolute, as the target reads them; null if a
   * path holds a ',' (the options' separator).
   *
   * @param audit  null for none, as {@code trust}, {@code policy} and {@code log}
   */
  static String options(Path manifest, Path audit, Path trust, Path policy, String log, boolean noWatch) {
    String path = manifest.toAbsolutePath().normalize().toString();
    if (path.contains(",") || (audit != null && audit.toString().contains(","))
        || (trust != null && trust.toString().contains(",")) || (policy != null && policy.toString().contains(","))) {
      return null;
    }
    return "manifest=" + path + ",watch=" + !noWatch
        + (audit == null ? "" : ",audit=" + audit.toAbsolutePath().normalize())
        + (trust == null ? "" : ",trust=" + trust.toAbsolutePath().normalize())
        + (policy == null ? "" : ",policy=" + policy.toAbsolutePath().normalize())
        + (log == null ? "" : ",log=" + log);
  }
}
