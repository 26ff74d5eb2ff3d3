package dev.scalpel.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pricing load started with the agent ({@link StartupIT#price()} applied at start-up) and a
 * temporary folder of its own, so that a test finds the agent's control socket without the
 * command line: for the requests and users the command line never sends.
 *
 * @param app      the running load
 * @param manifest the manifest it started with
 * @param audit    its audit log, read up to the start-up's records
 * @param folder   the control socket's folder
 */
record AgentWithSocket(PricingUnderLoad app, Path manifest, AuditTrail audit, Path folder) implements AutoCloseable {

  /** Starts the load in {@code dir} and waits until the patch is active. */
  static AgentWithSocket start(Jdk jdk, Path dir) throws IOException {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-Djava.io.tmpdir=" + tmp,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest);
    try {
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");
      try (var folders = Files.newDirectoryStream(tmp, "scalpel-control-*")) {
        return new AgentWithSocket(app, manifest, audit, folders.iterator().next());
      }
    } catch (IOException | RuntimeException | Error e) {
      app.close();
      throw e;
    }
  }

  /** The control socket. */
  Path socket() {
    return folder.resolve("control");
  }

  /** The folder the socket's folder was made in: the JVM's temporary folder. */
  Path tmp() {
    return folder.getParent();
  }

  @Override
  public void close() {
    app.close();
  }
}
