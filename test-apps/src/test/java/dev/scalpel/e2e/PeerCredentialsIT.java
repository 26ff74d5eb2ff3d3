package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control socket refuses another OS user even when the folder that should keep it out has been
 * opened up: a second user, created with {@code useradd}, connects and gets one {@code refused}
 * line, and nothing is audited. It needs root (to create the user and to run as it); elsewhere it
 * is skipped, saying so.
 */
final class PeerCredentialsIT {

  private static final String PEER = "scalpel-peer";

  /** Guards against the control socket serving a user other than the JVM's own and root. */
  @AcrossJdks
  void controlSocket_otherUser_refused(Jdk jdk, @TempDir Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "skipped: creating and running as a second OS user needs root; this test runs as " + System.getProperty("user.name"));
    int created = run(List.of("sh", "-c", "id -u " + PEER + " >/dev/null 2>&1 || useradd --system --no-create-home " + PEER));
    Assumptions.assumeTrue(created == 0, "skipped: useradd could not create the user " + PEER);
    try (AgentWithSocket agent = AgentWithSocket.start(jdk, dir)) {
      try {
        refusedThenServed(jdk, dir, agent);
      } finally {
        // The folder is this user's, shared by all its JVMs: it must not stay open.
        Files.setPosixFilePermissions(agent.folder(), PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  private static void refusedThenServed(Jdk jdk, Path dir, AgentWithSocket agent) throws IOException, InterruptedException {
    PricingUnderLoad app = agent.app();
    Path manifest = agent.manifest();
    AuditTrail audit = agent.audit();
    Path folder = agent.folder();
    Path socket = agent.socket();
    // Opened up as a careless operator might: only the peer check stands between the user and the agent.
    // The test's own folder opens too, for the other user to read its client there.
    for (Path p : List.of(dir, folder)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
    }
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path client = Files.writeString(dir.resolve("Client.java"), CLIENT);
    Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
    Path answer = dir.resolve("answer.txt");

    int exit = run(List.of("runuser", "-u", PEER, "--", jdk.java().toString(), "-XX:-UsePerfData",
        client.toString(), socket.toString(), "manifest=" + manifest + ",counters=false,status=text"), answer);
    String text = Files.readString(answer);
    assertEquals(0, exit, text);
    assertEquals("refused\nrefused: user " + PEER + " is neither this JVM's user (root) nor root; nothing was done"
        + " (run scalpel as root)\n", text);
    audit.assertNoMore();
    app.jvm().await("the agent logged the refusal", () -> app.jvm().stderrLines().stream().anyMatch(line -> line.equals(
        "scalpel: warn: control socket: refused: user " + PEER + " is neither this JVM's user (root) nor root;"
        + " nothing was done (run scalpel as root)")), audit::describe);
    // The command line checks the folder too, and talks to the agent once it is closed again.
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
    assertEquals(List.of("PRICE-1 active"), status.states(), status::json);
    app.stop();
  }

  // A client any user can run from source: sends one line, prints the whole answer.
  private static final String CLIENT = """
      import java.io.ByteArrayOutputStream;
      import java.net.UnixDomainSocketAddress;
      import java.nio.ByteBuffer;
      import java.nio.channels.SocketChannel;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Path;

      public class Client {
        public static void main(String[] args) throws Exception {
          try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])))) {
            channel.write(ByteBuffer.wrap((args[1] + "\\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
              bytes.write(buffer.array(), 0, buffer.position());
              buffer.clear();
            }
            System.out.print(bytes.toString(StandardCharsets.UTF_8));
          }
        }
      }
      """;

  private static int run(List<String> command) throws IOException, InterruptedException {
    return run(command, ProcessBuilder.Redirect.DISCARD);
  }

  private static int run(List<String> command, Path output) throws IOException, InterruptedException {
    return run(command, ProcessBuilder.Redirect.to(output.toFile()));
  }

  private static int run(List<String> command, ProcessBuilder.Redirect output) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectOutput(output).redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), () -> command + " did not finish within 120 s");
    return p.exitValue();
  }
}
