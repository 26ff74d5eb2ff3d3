package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pricing app's load mode, {@code PricingApp --load 4 STOP_FILE}, running in its own JVM: the
 * process that the live tests attach to, reload and roll back while four threads call
 * {@code PriceCalculator#total} in a tight loop. It prints order 1042's line each time the
 * threads' results change between the buggy and the correct total, so a test waits for a switch
 * by reading its output. It runs at low CPU priority ({@link JvmRunner#lowPriority()}): its threads
 * never sleep.
 */
final class PricingUnderLoad implements AutoCloseable {

  /** The threads calling the method. */
  static final int THREADS = 4;
  /** Order 1042's line with the original code. */
  static final String BUGGY = "order 1042: 3 x 2.675 = 8.02 (expected 8.03) WRONG";
  /** Order 1042's line with the fix. */
  static final String FIXED = "order 1042: 3 x 2.675 = 8.03 (expected 8.03) ok";

  private static final String FIRST_LINE = "pricing order 1042 on " + THREADS + " threads";
  private static final Pattern SUMMARY =
      Pattern.compile("calls=(\\d+) old=(\\d+) new=(\\d+) other=(\\d+) exceptions=(\\d+)");

  /**
   * What the app counted, from its last line.
   *
   * @param calls      every call
   * @param old        calls that returned the buggy total
   * @param fixed      calls that returned the correct total
   * @param other      calls that returned anything else (null included)
   * @param exceptions calls that threw, and exceptions no thread caught
   */
  record Summary(long calls, long old, long fixed, long other, long exceptions) {}

  private final RunningJvm jvm;
  private final Path stopFile;

  private PricingUnderLoad(RunningJvm jvm, Path stopFile) {
    this.jvm = jvm;
    this.stopFile = stopFile;
  }

  /**
   * Starts the load in {@code workDir} on {@code jdk} with {@code jvmArgs} (such as
   * {@code -javaagent:...}) and waits for its first result.
   */
  static PricingUnderLoad start(Jdk jdk, Path workDir, String... jvmArgs) {
    return start(App.PRICING.runner(jdk, workDir).jvmArgs(jvmArgs), workDir);
  }

  /**
   * Starts the load with {@code runner} (made by {@link App#runner} for {@link App#PRICING}, in
   * {@code workDir}) and waits for its first result.
   */
  static PricingUnderLoad start(JvmRunner runner, Path workDir) {
    Path stopFile = workDir.resolve("stop-load");
    RunningJvm jvm = runner.lowPriority()
        .start(App.PRICING.mainClass(), "--load", String.valueOf(THREADS), stopFile.toString());
    PricingUnderLoad load = new PricingUnderLoad(jvm, stopFile);
    jvm.awaitStdout("it printed its first result", lines -> !load.resultLines().isEmpty());
    return load;
  }

  /** The app's process id. */
  long pid() {
    return jvm.pid();
  }

  /** The app's JVM. */
  RunningJvm jvm() {
    return jvm;
  }

  /** Every result line printed so far: one per change between the two totals. */
  List<String> resultLines() {
    return jvm.stdoutLines().stream().filter(line -> line.startsWith("order 1042: ")).toList();
  }

  /**
   * Waits until the last result line is {@code line} ({@link #BUGGY} or {@link #FIXED}): the
   * threads have seen that total after seeing the other one (or from the start).
   */
  void awaitResults(String line) {
    jvm.awaitStdout("its last result line is '" + line + "'", lines -> {
      List<String> results = resultLines();
      return !results.isEmpty() && results.get(results.size() - 1).equals(line);
    });
  }

  /**
   * Stops the load (creates its stop file), waits for its exit and asserts that it ran clean:
   * exit code 0, and every call returned one of the two totals without an exception; and that the
   * agent reported no transformation error.
   *
   * @return what it counted
   */
  Summary stop() {
    JvmResult result = finish();
    Summary summary = summaryOf(result);
    assertEquals(FIRST_LINE, result.stdoutLines().get(0), result::describe);
    assertEquals(0, summary.other(), () -> "calls returned neither total\n" + result.describe());
    assertEquals(0, summary.exceptions(), () -> "exceptions in application threads\n" + result.describe());
    assertEquals(0, result.exitCode(), result::describe);
    result.assertNoTransformationError();
    return summary;
  }

  /**
   * Stops the load as {@link #stop()} does, for a run whose fix threw on purpose: exceptions are
   * allowed (and make the exit code 1), every other check stays.
   *
   * @return what it counted
   */
  Summary stopAfterFaults() {
    JvmResult result = finish();
    Summary summary = summaryOf(result);
    assertEquals(0, summary.other(), () -> "calls returned neither total\n" + result.describe());
    assertEquals(summary.exceptions() == 0 ? 0 : 1, result.exitCode(), result::describe);
    result.assertNoTransformationError();
    return summary;
  }

  /** The counts on the last line a load run printed, which must be its summary. */
  static Summary summaryOf(JvmResult result) {
    List<String> lines = result.stdoutLines();
    Matcher m = lines.isEmpty() ? null : SUMMARY.matcher(lines.get(lines.size() - 1));
    assertTrue(m != null && m.matches(), () -> "no summary as the last line\n" + result.describe());
    return new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
  }

  /** Kills the app if it still runs. */
  @Override
  public void close() {
    jvm.close();
  }

  /** Creates the stop file and waits for the JVM's exit. */
  private JvmResult finish() {
    try {
      Files.createFile(stopFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the stop file " + stopFile, e);
    }
    return jvm.finish();
  }
}
