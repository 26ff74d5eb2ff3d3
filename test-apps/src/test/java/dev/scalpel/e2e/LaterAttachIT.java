package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against an agent that runs already: options a later attach gives, hot reload
 * switched off by {@code --no-watch}, requests the control socket must refuse with a line, and an
 * agent that does not answer.
 */
final class LaterAttachIT {

  /** Longer than any quiet period the agent waits for a changed file, with a margin for a loaded machine. */
  private static final long WELL_PAST_QUIET_MILLIS = 4_000;

  /**
   * Guards against a later attach's options being dropped without a word: {@code --audit} that
   * differs from the running log is warned about (and the log kept), {@code --log} applies at
   * once; and checks that {@code --no-watch} really stops hot reload.
   */
  @AcrossJdks
  void attach_toRunningAgent_logAppliesAuditWarnsNoWatchHolds(Jdk jdk, @TempDir Path dir)
      throws IOException, InterruptedException {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    Path manifest = ManifestFile.write(dir, StartupIT.price());
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir,
        "-javaagent:" + Artifacts.agentJar() + "=manifest=" + manifest)) {
      audit.expectNext(app.jvm(), "agent-started ok", "manifest-applied ok", "patch-activated PRICE-1 pending",
          "patch-activated PRICE-1 active");

      Path other = dir.resolve("other-audit.jsonl");
      JvmResult attached = scalpel.attach(app.pid(), manifest, "--audit", other.toString(), "--log", "debug");
      assertEquals(Scalpel.OK, attached.exitCode(), attached::describe);
      attached.assertStderrLineContains("warning: audit= is fixed at the agent's first start; this attach keeps "
          + audit.file());
      assertTrue(attached.stdoutLines().stream().noneMatch(line -> line.startsWith("warning:")), attached::describe);
      assertTrue(Files.notExists(other), attached::describe);
      audit.expectNext(app.jvm(), "manifest-applied ok");

      StartupIT.replace(manifest, "# a comment changes no patch\n" + ManifestFile.yaml(StartupIT.price()));
      app.jvm().await("the agent logged at debug level that the manifest is unchanged", () -> app.jvm().stderrLines()
          .stream().anyMatch(line -> line.startsWith("scalpel: debug: manifest " + manifest + " unchanged")), audit::describe);

      JvmResult noWatch = scalpel.attach(app.pid(), manifest, "--no-watch");
      assertEquals(Scalpel.OK, noWatch.exitCode(), noWatch::describe);
      audit.expectNext(app.jvm(), "manifest-applied ok");
      StartupIT.replace(manifest, ManifestFile.yaml(StartupIT.price().mode("disabled")));
      Thread.sleep(WELL_PAST_QUIET_MILLIS);
      audit.assertNoMore();
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
      app.stop();
    }
  }

  /**
   * Guards against the control socket answering a bad request with a stack trace or not at all, and
   * against {@code counters=} being dropped silently by a later command: each gets a line saying so.
   * The requests go straight to the socket, at the path the agent derives from the JVM's ids.
   */
  @AcrossJdks
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void controlSocket_badRequests_answeredWithALine(Jdk jdk, @TempDir Path dir) throws IOException {
    try (AgentWithSocket agent = AgentWithSocket.start(jdk, dir)) {
      PricingUnderLoad app = agent.app();
      Path manifest = agent.manifest();
      AuditTrail audit = agent.audit();
      Path socket = agent.socket();
      assertEquals("refused\nagent option 'hello' is not key=value; write for example manifest=/etc/scalpel/hotfix.yaml;"
          + " nothing was done\n", request(socket, "hello"));
      assertEquals("refused\nthe request is longer than 65536 bytes; nothing was done\n", request(socket, "x".repeat(70_000)));
      String fixed = request(socket, "manifest=" + manifest + ",counters=false");
      assertTrue(fixed.startsWith("ok\nwarning: counters= is fixed at the agent's first start; this attach keeps"
          + " counters=true\nmanifest " + manifest + " sha256 "), fixed);
      audit.expectNext(app.jvm(), "manifest-applied ok");
      app.stop();
    }
  }

  // One request, as the command line sends it: a line, then everything the agent answers.
  private static String request(Path socket, String line) throws IOException {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      return new String(readAll(channel), StandardCharsets.UTF_8);
    }
  }

  private static byte[] readAll(SocketChannel channel) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (channel.read(buffer) >= 0) {
      bytes.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    return bytes.toByteArray();
  }

  /**
   * Guards against the command line hanging on an agent that never answers: {@code status} gives
   * up after {@code --timeout}, says what it waited for, and exits with 3. The "agent" is a socket
   * this test binds and never serves, published in a JVM's system properties as the agent would.
   */
  @AcrossJdks
  void status_agentNeverAnswers_timesOutWithExit3(Jdk jdk, @TempDir Path dir) throws IOException {
    Path folder = Files.createDirectory(dir.resolve("control"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = folder.resolve("control");
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-Ddev.scalpel.control=" + socket,
            "-Ddev.scalpel.agent=0-test")) {
      silent.bind(UnixDomainSocketAddress.of(socket));
      // Long enough for the attach itself on a loaded machine: what must run out is the wait for the answer.
      JvmResult status = Scalpel.on(jdk, dir).run("status", String.valueOf(app.pid()), "--timeout", "15");
      assertEquals(Scalpel.UNREACHABLE, status.exitCode(), status::describe);
      status.assertStderrLineContains("timed out waiting for the agent in JVM " + app.pid()
          + " to answer 'status=text' over its control socket");
      app.stop();
    }
  }
}
