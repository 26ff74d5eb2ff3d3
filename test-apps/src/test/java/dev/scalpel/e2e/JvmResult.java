package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

/**
 * What a program run in a separate JVM did: its exit code and everything it printed.
 *
 * @param command the command line that started it
 * @param exitCode its exit code
 * @param stdout everything it printed on standard output
 * @param stderr everything it printed on standard error
 */
record JvmResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** What the agent prints for every transformation error it hears of. */
  static final String TRANSFORMATION_ERROR = "scalpel: error: transformation";

  JvmResult {
    command = List.copyOf(command);
  }

  /** Standard output, line by line, line terminators removed. */
  List<String> stdoutLines() {
    return stdout.lines().toList();
  }

  /** Standard error, line by line, line terminators removed. */
  List<String> stderrLines() {
    return stderr.lines().toList();
  }

  /** Asserts that the program exited 0 after printing exactly {@code expectedLines}. */
  void assertSucceededWith(List<String> expectedLines) {
    assertEquals(0, exitCode, () -> "exit code\n" + describe());
    assertEquals(expectedLines, stdoutLines(), () -> "stdout\n" + describe());
  }

  /** Asserts that one line of standard error contains every one of {@code fragments}. */
  void assertStderrLineContains(String... fragments) {
    assertTrue(stderrLines().stream().anyMatch(line -> containsAll(line, fragments)),
        () -> "no stderr line contains all of " + Arrays.toString(fragments) + "\n" + describe());
  }

  /**
   * Asserts that the agent reported no transformation error: one that nobody hears is a patch
   * silently not applied, so every run with the agent checks this.
   */
  void assertNoTransformationError() {
    assertFalse(stderr.contains(TRANSFORMATION_ERROR),
        () -> "the agent reported a transformation error\n" + describe());
  }

  /** The command, exit code and output, for failure messages. */
  String describe() {
    return describe(command, "exit code: " + exitCode, stdout, stderr);
  }

  static String describe(List<String> command, String outcome, String stdout, String stderr) {
    return "command: " + String.join(" ", command) + "\n"
        + outcome + "\n"
        + "--- stdout ---\n" + stdout + (stdout.endsWith("\n") || stdout.isEmpty() ? "" : "\n")
        + "--- stderr ---\n" + stderr + (stderr.endsWith("\n") || stderr.isEmpty() ? "" : "\n")
        + "--- end ---";
  }

  private static boolean containsAll(String line, String[] fragments) {
    return Arrays.stream(fragments).allMatch(line::contains);
  }
}
