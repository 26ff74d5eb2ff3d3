package dev.scalpel.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pricing load started with the agent ({@link StartupIT#price()} applied at start-up), with
 * its control socket found where the agent derives it from the JVM's ids
 * ({@code /tmp/.scalpel-UID/PID-START}), so that a test talks to the agent without the command
 * line: for the requests and users the command line never sends.
 *
 * @param app      the running load
 * @param manifest the manifest it started with
 * @param audit    its audit log, read up to the start-up's records
 * @param socket   the control socket
 */
record AgentWithSocket(PricingUnderLoad app, Path manifest, AuditTrail audit, Path socket) implements AutoCloseable {

  /** Starts the load in {@code dir} and waits until the patch is active. */
  static AgentWithSocket start(Jdk jdk, Path dir) throws IOException {
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest);
    try {
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");
      Path folder = Path.of("/tmp/.scalpel-" + Files.getAttribute(Path.of("/proc/" + app.pid()), "unix:uid"));
      try (var sockets = Files.newDirectoryStream(folder, app.pid() + "-*")) {
        return new AgentWithSocket(app, manifest, audit, sockets.iterator().next());
      }
    } catch (IOException | RuntimeException | Error e) {
      app.close();
      throw e;
    }
  }

  /** The control socket's folder, which the user's other JVMs share. */
  Path folder() {
    return socket.getParent();
  }

  @Override
  public void close() {
    app.close();
  }
}
