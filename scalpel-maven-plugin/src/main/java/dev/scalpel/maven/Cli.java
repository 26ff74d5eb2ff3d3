package dev.scalpel.maven;

import dev.scalpel.cli.ScalpelCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Runs a {@code scalpel} command in the build's JVM, so that a goal means exactly what the
 * command means and says what it says: its output is logged as info, its errors as errors.
 */
final class Cli {

  private Cli() {}

  /**
   * Runs {@code args} and logs what the command printed.
   *
   * @throws MojoFailureException if the command exits with anything but 0, with {@code failure}
   *                              as the message; the command's own reasons are logged above it
   */
  static void run(Log log, String failure, String... args) throws MojoFailureException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
      code = ScalpelCli.run(o, e, args);
    }
    out.toString().lines().forEach(log::info);
    err.toString().lines().forEach(log::error);
    if (code != 0) {
      throw new MojoFailureException(failure + " (scalpel " + args[0] + " exited with " + code + ")");
    }
  }
}
