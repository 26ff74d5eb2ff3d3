package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command line run outside the target's mount namespace, as from a container's host or a
 * sidecar: the target runs under {@code unshare} in its own mount and process id namespaces, and
 * its temporary folder, where the agent's control socket and the command line's reply file live, is
 * a tmpfs mounted in its namespace only: the same path shows this side an empty folder. Needs root
 * and {@code unshare}; skipped with a message elsewhere.
 */
final class ContainerIT {

  /**
   * A container's two namespaces: its own mounts (a private temporary folder at {@code tmp}) and its
   * own process ids (the JVM is pid 1 inside, as JDK 17's attach needs to look under
   * /proc/PID/root). The JVM is the child of unshare, killed with it. The folder is the target's
   * {@code java.io.tmpdir}, not {@code /tmp}, so that the checkout, wherever it lies, stays visible.
   */
  private static String[] container(Path tmp) {
    return new String[] {"unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc",
        "--propagation", "private", "sh", "-c", "mount -t tmpfs scalpel-it '" + tmp + "' && exec \"$0\" \"$@\""};
  }

  /**
   * Guards against reading the reply file and the socket path in the wrong mount namespace: the
   * first attach reported failure though it applied, and later commands could not reach the agent.
   */
  @AcrossJdks
  void attachStatusRollback_targetInAnotherMountNamespace(Jdk jdk) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "container-");
    try {
      Path tmp = Files.createDirectory(dir.resolve("private-tmp"));
      assumeTrue(unshareWorks(tmp),
          "needs root and unshare with mount and pid namespaces and a tmpfs mount, which this machine does not allow");
      Scalpel scalpel = Scalpel.on(jdk, dir);
      Path manifest = ManifestFile.write(dir, StartupIT.price());
      AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
      try (PricingUnderLoad app = PricingUnderLoad.start(App.PRICING.runner(jdk, dir)
          .jvmArgs("-Djava.io.tmpdir=" + tmp).wrappedIn(container(tmp)), dir)) {
        long pid = ProcessHandle.of(app.pid()).orElseThrow().children().findFirst()
            .orElseThrow(() -> new AssertionError("unshare " + app.pid() + " has no child")).pid();
        JvmResult attached = scalpel.attach(pid, manifest);
        assertEquals(Scalpel.OK, attached.exitCode(), attached::describe);
        app.awaitResults(PricingUnderLoad.FIXED);
        audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 active");

        AgentStatus status = scalpel.statusJson(pid);
        assertEquals(List.of("PRICE-1 active"), status.states(), status::json);

        JvmResult rolledBack = scalpel.rollback(pid, "PRICE-1");
        assertEquals(Scalpel.OK, rolledBack.exitCode(), rolledBack::describe);
        app.awaitResults(PricingUnderLoad.BUGGY);
        audit.expectNext(app.jvm(), "patch-rolled-back PRICE-1 ok");
        app.stop();
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static boolean unshareWorks(Path tmp) throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    Process probe;
    try {
      List<String> command = new ArrayList<>(List.of(container(tmp)));
      command.add("true");
      probe = new ProcessBuilder(command).redirectErrorStream(true).start();
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
