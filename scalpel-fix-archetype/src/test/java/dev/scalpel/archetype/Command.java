package dev.scalpel.archetype;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external program run to its end in a working directory, its standard input closed, its
 * output (standard output and error together) captured in a file, so that a chatty Maven build
 * never blocks on a full pipe. A program still running at its timeout is killed and the test fails
 * with what it printed.
 */
final class Command {

  private final List<String> command;
  private final Path workDir;
  private final Map<String, String> environment;
  private final Duration timeout;

  /** {@code command} run in {@code workDir}, with {@code environment} added to this JVM's. */
  Command(List<String> command, Path workDir, Map<String, String> environment, Duration timeout) {
    this.command = List.copyOf(command);
    this.workDir = workDir;
    this.environment = Map.copyOf(environment);
    this.timeout = timeout;
  }

  /**
   * Runs the program to its end and returns its exit code and output.
   *
   * @throws org.opentest4j.AssertionFailedError if it is still running after the timeout, after
   *     killing it
   */
  Result run(Path log) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        fail("still running after " + timeout.toSeconds() + " s, killed: " + String.join(" ", command)
            + "\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + String.join(" ", command) + " in " + workDir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
    }
  }

  /**
   * What a program did.
   *
   * @param command the command line that started it
   * @param exitCode its exit code
   * @param output everything it printed, standard output and error interleaved
   */
  record Result(List<String> command, int exitCode, String output) {

    Result {
      command = List.copyOf(command);
    }

    /** The command line, exit code and output, for failure messages. */
    String describe() {
      return "$ " + String.join(" ", command) + "\nexit code: " + exitCode + "\n" + output;
    }
  }
}
