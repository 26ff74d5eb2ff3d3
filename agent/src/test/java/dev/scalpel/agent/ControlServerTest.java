package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class ControlServerTest {

  // Generous for a loaded two-core machine; a hang would show as this bound passing.
  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final long THREAD_GONE_MILLIS = 30_000;

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), AgentLog.Level.DEBUG);

  @AfterEach
  void forgetThePath() {
    System.clearProperty(ControlSocket.PROPERTY);
  }

  @Test
  void open_servesAndPublishesThePath() throws IOException {
    try (ControlServer server = new ControlServer(request -> "ok\n" + request + "\n", log)) {
      server.open();

      Path socket = Path.of(System.getProperty(ControlSocket.PROPERTY));
      assertThat(ControlSocket.request(socket, "status=text", ANSWER)).isEqualTo("ok\nstatus=text\n");
    }
  }

  /**
   * Guards the JVM's exit against the control socket's thread: the JVM waits up to 300 ms at exit
   * for a thread in native code, as the accept of an open socket is, so closing must end that thread.
   */
  @Test
  void close_afterOpen_removesTheSocketAndEndsItsThread() throws IOException, InterruptedException {
    ControlServer server = new ControlServer(request -> "ok\n", log);
    server.open();
    Path socket = Path.of(System.getProperty(ControlSocket.PROPERTY));
    Thread accepting = thread("scalpel-control");

    server.close();

    accepting.join(THREAD_GONE_MILLIS);
    assertThat(accepting.isAlive()).as("the socket's thread ended within %d ms of the close", THREAD_GONE_MILLIS)
        .isFalse();
    assertThat(Files.exists(socket)).as("socket file %s after the close", socket).isFalse();
  }

  /** Guards against a background start that comes after the JVM began to exit opening the socket anyway. */
  @Test
  void open_afterClose_opensNothing() throws IOException {
    ControlServer server = new ControlServer(request -> "ok\n", log);
    server.close();

    server.open();

    assertThat(System.getProperty(ControlSocket.PROPERTY)).isNull();
  }

  private static Thread thread(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREAD_GONE_MILLIS);
    while (System.nanoTime() < deadline) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().equals(name) && t.isAlive()) {
          return t;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no live thread named " + name + " within " + THREAD_GONE_MILLIS + " ms");
  }
}
