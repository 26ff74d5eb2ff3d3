package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which socket at the derived path the command line uses instead of attaching: only the agent's. */
final class DerivedSocketTest {

  @Test
  void connect_servedSocketInAPrivateFolder_connects(@TempDir Path dir) throws IOException {
    Path proc = targetProc(dir);
    try (ServerSocketChannel agent = serve(derived(proc, "rwx------"));
        SocketChannel channel = DerivedSocket.connect("42", TargetFiles.of(proc, "42"))) {
      assertThat(channel).isNotNull();
      assertThat(channel.isConnected()).isTrue();
      assertThat(agent.isOpen()).isTrue();
    }
  }

  /** Guards against a socket left by a JVM that is gone taking the place of the attach mechanism. */
  @Test
  void connect_staleSocketNobodyServes_null(@TempDir Path dir) throws IOException {
    Path proc = targetProc(dir);
    serve(derived(proc, "rwx------")).close();
    assertThat(derived(proc, "rwx------")).exists();
    assertThat(DerivedSocket.connect("42", TargetFiles.of(proc, "42"))).isNull();
  }

  /** Guards against talking to a socket that someone other than the target's user could have put there. */
  @Test
  void connect_folderOthersCanEnter_null(@TempDir Path dir) throws IOException {
    Path proc = targetProc(dir);
    try (ServerSocketChannel planted = serve(derived(proc, "rwxrwxrwx"))) {
      assertThat(planted.isOpen()).isTrue();
      assertThat(DerivedSocket.connect("42", TargetFiles.of(proc, "42"))).isNull();
    }
  }

  /**
   * Guards against a command line that waits without a bound for an agent that stops accepting:
   * with the socket's backlog full, a blocking connect waits for room; this one must refuse at once.
   */
  @Test
  void connect_backlogFull_nullWithoutWaiting(@TempDir Path dir) throws IOException {
    Path proc = targetProc(dir);
    Path socket = derived(proc, "rwx------");
    List<SocketChannel> waiting = new ArrayList<>();
    try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      agent.bind(UnixDomainSocketAddress.of(socket), 1);
      fillBacklog(socket, waiting);
      SocketChannel channel = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> DerivedSocket.connect("42", TargetFiles.of(proc, "42")),
          "DerivedSocket.connect did not return within 60 s with the socket's backlog full");
      assertThat(channel).isNull();
    } finally {
      for (SocketChannel c : waiting) {
        c.close();
      }
    }
  }

  @Test
  void connect_noSocket_null(@TempDir Path dir) throws IOException {
    assertThat(DerivedSocket.connect("42", TargetFiles.of(targetProc(dir), "42"))).isNull();
  }

  @Test
  void connect_notAPid_null(@TempDir Path dir) throws IOException {
    Path proc = targetProc(dir);
    for (String pid : new String[] {"", "4x2", "../42", "12345678901"}) {
      assertThat(DerivedSocket.connect(pid, TargetFiles.of(proc, "42"))).as(pid).isNull();
    }
  }

  // A target in another mount namespace, so that its derived path lies under this test's folder.
  private static Path targetProc(Path dir) throws IOException {
    Path proc = TargetFilesTest.fakeProc(dir, "mnt:[1]", "mnt:[2]");
    Files.writeString(proc.resolve("42/status"), "NSpid:\t42\t1\n");
    Files.writeString(proc.resolve("42/stat"), TargetFilesTest.stat(555));
    return proc;
  }

  private static Path derived(Path proc, String mode) throws IOException {
    Path socket = TargetFiles.of(proc, "42").derivedControlSocket().orElseThrow();
    Files.createDirectories(socket.getParent());
    Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString(mode));
    return socket;
  }

  // Connects without waiting until the kernel refuses one more: the backlog is then full.
  private static void fillBacklog(Path socket, List<SocketChannel> waiting) throws IOException {
    for (int i = 0; i < 1_000; i++) {
      SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
      client.configureBlocking(false);
      try {
        client.connect(UnixDomainSocketAddress.of(socket));
        waiting.add(client);
      } catch (IOException full) {
        client.close();
        return;
      }
    }
    throw new AssertionError("the backlog of " + socket + " took 1000 connections without filling");
  }

  private static ServerSocketChannel serve(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return server;
  }
}
