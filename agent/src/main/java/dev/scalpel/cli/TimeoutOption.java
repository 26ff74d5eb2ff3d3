package dev.scalpel.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --timeout SECONDS}: how long a command that talks to a JVM waits for it. */
final class TimeoutOption {

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "how long to wait for a JVM's answer (default: ${DEFAULT-VALUE}); past it, a command on one JVM"
          + " says what timed out and exits with 3, and jvms shows that JVM with '?'")
  private int seconds;

  /**
   * The timeout.
   *
   * @throws CommandLine.ParameterException if it is not a positive number of seconds
   */
  Duration duration(CommandLine.Model.CommandSpec spec) {
    if (seconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--timeout " + seconds + " is not a positive number of seconds; write for example --timeout 60");
    }
    return Duration.ofSeconds(seconds);
  }
}
