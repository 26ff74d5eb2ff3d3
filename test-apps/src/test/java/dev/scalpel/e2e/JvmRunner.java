package dev.scalpel.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts a Java program in a separate JVM of a given {@link Jdk}, the way OpenTelemetry's agent
 * tests run on a separate JVM: java executable, JVM arguments, class path, main class, program
 * arguments, timeout; the result is the captured standard output and error and the exit code.
 * A program still running at its timeout is killed and the test fails with what it printed.
 *
 * <p>The JVM runs in a given working directory (where the agent writes its default audit log),
 * with {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} removed from its environment so
 * that nothing but the arguments given here reaches it, unless a test sets one with
 * {@link #environment}.
 */
final class JvmRunner {

  /**
   * Each app runs in about a second; the margin is for a loaded two-core CI machine, and the cap
   * keeps a hanging agent from eating the suite's time budget test after test.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Jdk jdk;
  private final Path workDir;
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<Path> classpath = new ArrayList<>();
  private final List<String> launcherPrefix = new ArrayList<>();
  private final List<String> wrapper = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Duration timeout = DEFAULT_TIMEOUT;

  /** A runner for programs on {@code jdk}, run in {@code workDir}. */
  JvmRunner(Jdk jdk, Path workDir) {
    this.jdk = jdk;
    this.workDir = workDir;
  }

  /** Adds JVM arguments, such as {@code -javaagent:...}. */
  JvmRunner jvmArgs(String... args) {
    jvmArgs.addAll(List.of(args));
    return this;
  }

  /** Adds class path entries. */
  JvmRunner classpath(List<Path> entries) {
    classpath.addAll(entries);
    return this;
  }

  /**
   * Runs the program at the lowest CPU priority, through {@code nice} where the platform has one
   * (the process id stays the program's: {@code nice} execs it). A program that keeps every core
   * busy then still leaves them to the other JVMs a test starts, such as the command line under
   * test, instead of making each of them several times slower on a small machine.
   */
  JvmRunner lowPriority() {
    launcherPrefix.clear();
    nice().ifPresent(nice -> launcherPrefix.addAll(List.of(nice.toString(), "-n", "19")));
    return this;
  }

  /**
   * Runs the program through {@code command}, a program that ends by executing its remaining
   * arguments in its own process (as {@code unshare} and {@code sh -c '... exec "$0" "$@"'} do),
   * so that the process id stays the program's.
   */
  JvmRunner wrappedIn(String... command) {
    wrapper.clear();
    wrapper.addAll(List.of(command));
    return this;
  }

  /**
   * Sets {@code name} to {@code value} in the program's environment, after the variables this
   * runner removes are gone: the way to give a JVM {@code JAVA_TOOL_OPTIONS} as a container's
   * environment does.
   */
  JvmRunner environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** How long a program may run before it is killed and the test fails. */
  JvmRunner timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /**
   * Runs {@code mainClass} with {@code args} to its end, its standard input closed from the start.
   *
   * @throws org.opentest4j.AssertionFailedError if it is still running after the timeout, after
   *     killing it
   */
  JvmResult run(String mainClass, String... args) {
    RunningJvm jvm = start(mainClass, args);
    jvm.closeStdin();
    return jvm.finish();
  }

  /**
   * Runs the executable jar {@code jar} ({@code java -jar}) with {@code args} to its end, its
   * standard input closed from the start; the class path, if any was given, is not used.
   *
   * @throws org.opentest4j.AssertionFailedError if it is still running after the timeout, after
   *     killing it
   */
  JvmResult runJar(Path jar, String... args) {
    List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
    launch.addAll(List.of(args));
    RunningJvm jvm = launch(launch);
    jvm.closeStdin();
    return jvm.finish();
  }

  /**
   * Starts the executable jar {@code jar} ({@code java -jar}) with {@code args}, its standard input
   * open until {@link RunningJvm#closeStdin()}; the class path, if any was given, is not used.
   */
  RunningJvm startJar(Path jar, String... args) {
    List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
    launch.addAll(List.of(args));
    return launch(launch);
  }

  /** Starts {@code mainClass} with {@code args}, its standard input open until {@link RunningJvm#closeStdin()}. */
  RunningJvm start(String mainClass, String... args) {
    List<String> launch = new ArrayList<>();
    if (!classpath.isEmpty()) {
      launch.add("-cp");
      launch.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }
    launch.add(mainClass);
    launch.addAll(List.of(args));
    return launch(launch);
  }

  private RunningJvm launch(List<String> launch) {
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(launcherPrefix);
    command.add(jdk.java().toString());
    command.addAll(jvmArgs);
    command.addAll(launch);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().putAll(environment);
    try {
      return new RunningJvm(command, builder.start(), timeout);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + String.join(" ", command), e);
    }
  }

  private static Optional<Path> nice() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "nice");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
