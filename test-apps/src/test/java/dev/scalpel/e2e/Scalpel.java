package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line under test, {@code java -jar scalpel-agent.jar COMMAND ...} (CONTRACT.md
 * section 3), run on one JDK in its own JVM like every user runs it. Each command is a JVM launch,
 * about a second: tests call as few as their assertions need.
 */
final class Scalpel {

  /** Exit code: done. */
  static final int OK = 0;
  /** Exit code: refused or failed, and nothing changed. */
  static final int REFUSED = 1;
  /** Exit code: the target JVM could not be reached. */
  static final int UNREACHABLE = 3;

  // A command runs for a second: compiling it with C2 or collecting with parallel threads only
  // competes with the JVM under test for the machine's cores, and changes nothing it does.
  private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

  private final Jdk jdk;
  private final Path workDir;

  private Scalpel(Jdk jdk, Path workDir) {
    this.jdk = jdk;
    this.workDir = workDir;
  }

  /** The command line run by {@code jdk}'s java in {@code workDir}. */
  static Scalpel on(Jdk jdk, Path workDir) {
    return new Scalpel(jdk, workDir);
  }

  /** Runs {@code scalpel args...} to its end. */
  JvmResult run(String... args) {
    return new JvmRunner(jdk, workDir).jvmArgs(QUICK_START).runJar(Artifacts.agentJar(), args);
  }

  /** {@code scalpel attach PID MANIFEST [options...]}. */
  JvmResult attach(long pid, Path manifest, String... options) {
    List<String> args = new ArrayList<>(List.of("attach", String.valueOf(pid), manifest.toString()));
    args.addAll(List.of(options));
    return run(args.toArray(new String[0]));
  }

  /** {@code scalpel status PID}, as text. */
  JvmResult status(long pid) {
    return run("status", String.valueOf(pid));
  }

  /** {@code scalpel status PID --json}, which must succeed, read as {@link AgentStatus}. */
  AgentStatus statusJson(long pid) {
    JvmResult result = run("status", String.valueOf(pid), "--json");
    assertEquals(OK, result.exitCode(), () -> "status --json\n" + result.describe());
    try {
      return AgentStatus.parse(result.stdout().strip());
    } catch (IllegalArgumentException e) {
      throw new AssertionError("status --json printed no status object: " + e.getMessage() + "\n" + result.describe(), e);
    }
  }

  /** {@code scalpel rollback PID ID...}, or {@code --all} as the only id. */
  JvmResult rollback(long pid, String... ids) {
    List<String> args = new ArrayList<>(List.of("rollback", String.valueOf(pid)));
    args.addAll(List.of(ids));
    return run(args.toArray(new String[0]));
  }

  /** {@code scalpel audit verify FILE}. */
  JvmResult auditVerify(Path file) {
    return run("audit", "verify", file.toString());
  }
}
