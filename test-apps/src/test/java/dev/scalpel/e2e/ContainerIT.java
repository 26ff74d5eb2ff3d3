package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command line run outside the target's mount namespace, as from a container's host or a
 * sidecar: the target runs under {@code unshare -m} with a {@code /tmp} of its own, where the
 * agent's control socket lives, and this side sees neither. Needs root and {@code unshare}; skipped
 * with a message elsewhere.
 */
final class ContainerIT {

  // The target's private /tmp; {@code exec} keeps the process id the JVM's.
  private static final String[] OWN_TMP = {"unshare", "-m", "--propagation", "private", "sh", "-c",
      "mount -t tmpfs scalpel-it /tmp && exec \"$0\" \"$@\""};

  /**
   * Guards against reading the reply file and the socket path in the wrong mount namespace: the
   * first attach reported failure though it applied, and later commands could not reach the agent.
   */
  @AcrossJdks
  void attachStatusRollback_targetInAnotherMountNamespace(Jdk jdk) throws IOException, InterruptedException {
    assumeTrue(unshareWorks(), "needs root and unshare -m with a tmpfs mount, which this machine does not allow");
    // Outside /tmp, which the target does not see.
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "container-");
    try {
      Scalpel scalpel = Scalpel.on(jdk, dir);
      Path manifest = ManifestFile.write(dir, StartupIT.price());
      AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
      try (PricingUnderLoad app = PricingUnderLoad.start(App.PRICING.runner(jdk, dir).wrappedIn(OWN_TMP), dir)) {
        JvmResult attached = scalpel.attach(app.pid(), manifest);
        assertEquals(Scalpel.OK, attached.exitCode(), attached::describe);
        app.awaitResults(PricingUnderLoad.FIXED);
        audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 active");

        AgentStatus status = scalpel.statusJson(app.pid());
        assertEquals(List.of("PRICE-1 active"), status.states(), status::json);

        JvmResult rolledBack = scalpel.rollback(app.pid(), "PRICE-1");
        assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
        app.awaitResults(PricingUnderLoad.BUGGY);
        audit.expectNext(app.jvm(), "patch-rolled-back PRICE-1 ok");
        app.stop();
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static boolean unshareWorks() throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    Process probe;
    try {
      probe = new ProcessBuilder(OWN_TMP[0], OWN_TMP[1], OWN_TMP[2], OWN_TMP[3], OWN_TMP[4], OWN_TMP[5], OWN_TMP[6], "true")
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      return false;
    }
    probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
