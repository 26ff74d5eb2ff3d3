package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patched method called once from each of a million virtual threads: the agent's counters stay
 * exact, and the agent holds no more memory than when 10 platform threads make the same calls.
 */
final class VirtualThreadsIT {

  private static final String APP = "dev.scalpel.testapps.threads.ThreadsApp";
  private static final String TARGET = "dev.scalpel.testapps.threads.Answer#of(int)";
  private static final int CALLS = 1_000_000;
  private static final long ONE_MB = 1L << 20;
  // Without the agent a run takes about two seconds; the bound is for a loaded two-core machine.
  private static final Duration RUN_BOUND = Duration.ofMinutes(4);
  // A serial collector and a fixed heap: after System.gc() the heap in use is the live data, with
  // no concurrent marking or resizing to blur the comparison.
  private static final String[] HEAP = {"-XX:+UseSerialGC", "-Xms256m", "-Xmx256m"};

  /**
   * Guards the counters under virtual threads: exact counts of a 50% split over a million threads,
   * and no memory per thread. The agent's memory is the heap in use after full collections with the
   * agent minus the same without it; that difference removes what the JDK's own virtual-thread
   * machinery holds, and the agent's share with a million virtual threads must be within 1 MB of
   * its share with 10 platform threads. GC noise is kept out rather than tolerated: the target
   * reads its heap right after each of five full collections and keeps the least, no sooner than
   * four seconds after its start (the agent registers its MBeans after two), with the platform's
   * MBeans created in every run. Measured so, the shares of repeated runs differ by under 0.1 MB
   * (about 2.3 MB each on JDK 25), while the previous counters held about 20 MB more after 100,000
   * virtual threads.
   */
  @AcrossJdks
  void counters_millionVirtualThreads_exactWithoutMemoryPerThread(Jdk jdk, @TempDir Path dir) {
    assumeTrue(feature(jdk) >= 21, "JDK " + jdk.version() + " has no virtual threads (JDK 21 and later do)");
    Path manifest = ManifestFile.write(dir, "scalpel: 1\npatches:\n"
        + "  - id: \"VT-1\"\n    target: \"" + TARGET + "\"\n    returns: 2\n    rollout: 50%\n");

    Run virtualWith = run(jdk, dir, manifest, "virtual");
    Run platformWith = run(jdk, dir, manifest, "platform");
    Run virtualWithout = run(jdk, dir, null, "virtual");
    Run platformWithout = run(jdk, dir, null, "platform");

    for (Run counted : List.of(virtualWith, platformWith)) {
      assertEquals(CALLS, counted.answered1 + counted.answered2, counted::describe);
      assertEquals(counted.answered2, counted.status.callsFixed(), () -> "calls.fixed\n" + counted.describe());
      assertEquals(counted.answered1, counted.status.callsOriginal(), () -> "calls.original\n" + counted.describe());
      // 50% of a million: the standard deviation is 500 calls, so 40 of them cannot flake.
      assertTrue(Math.abs(counted.answered2 - CALLS / 2) < 20_000, () -> "a 50% split\n" + counted.describe());
    }
    assertEquals(0, virtualWithout.answered2 + platformWithout.answered2, "without the agent nothing is patched");
    long virtualShare = virtualWith.heap - virtualWithout.heap;
    long platformShare = platformWith.heap - platformWithout.heap;
    assertTrue(virtualShare - platformShare <= ONE_MB, () -> "the agent's heap after GC with a million virtual"
        + " threads, " + virtualShare + " bytes (" + virtualWith.heap + " - " + virtualWithout.heap + "), is more"
        + " than 1 MB over its heap with 10 platform threads, " + platformShare + " bytes (" + platformWith.heap
        + " - " + platformWithout.heap + ")");
  }

  /** One run of the app: what it tallied, its heap after GC, and the agent's status if it ran. */
  private record Run(long answered1, long answered2, long heap, AgentStatus.PatchStatus status, String output) {
    String describe() {
      return "answered1=" + answered1 + " answered2=" + answered2 + " status=" + status + "\n" + output;
    }
  }

  private static Run run(Jdk jdk, Path dir, Path manifest, String threads) {
    JvmRunner runner = new JvmRunner(jdk, dir).classpath(List.of(Artifacts.appsJar())).jvmArgs(HEAP)
        .timeout(RUN_BOUND);
    if (manifest != null) {
      runner.jvmArgs("-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest);
    }
    try (RunningJvm jvm = runner.start(APP, threads, String.valueOf(CALLS))) {
      jvm.awaitStdoutLine("ready");
      AgentStatus.PatchStatus status = manifest == null ? null : Scalpel.on(jdk, dir).statusJson(jvm.pid()).patch("VT-1");
      jvm.closeStdin();
      JvmResult result = jvm.finish();
      assertEquals(0, result.exitCode(), result::describe);
      result.assertNoTransformationError();
      List<String> lines = result.stdoutLines();
      return new Run(value(lines, "answered1="), value(lines, "answered2="), value(lines, "heapAfterGc="), status,
          result.describe());
    }
  }

  private static long value(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> Long.parseLong(l.substring(prefix.length())))
        .findFirst().orElseThrow(() -> new AssertionError("the app printed no line " + prefix + "N: " + lines));
  }

  private static int feature(Jdk jdk) {
    String v = jdk.version();
    return v.equals("unknown") ? 0 : Integer.parseInt(v.split("[.+-]")[0]);
  }
}
