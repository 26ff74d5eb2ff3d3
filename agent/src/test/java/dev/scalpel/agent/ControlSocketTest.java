package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
final class ControlSocketTest {

  // Generous for a loaded two-core machine; a hang would show as this bound passing.
  private static final Duration ANSWER = Duration.ofSeconds(30);

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), AgentLog.Level.DEBUG);

  @Test
  void open_folderOnlyForTheJvmsUser(@TempDir Path tmp) throws IOException {
    try (ControlSocket socket = open(List.of(tmp), request -> "ok\n", Duration.ofSeconds(5))) {
      Path dir = socket.path().getParent();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      assertThat(Files.getOwner(dir).getName()).isEqualTo(System.getProperty("user.name"));
      assertThat(Files.getOwner(socket.path()).getName()).isEqualTo(System.getProperty("user.name"));
    }
  }

  /** Guards against a too-long java.io.tmpdir leaving the agent without a control channel. */
  @Test
  void open_firstFolderTooLong_usesTheNext(@TempDir Path tmp) throws IOException {
    Path deep = Files.createDirectories(tmp.resolve("x".repeat(120)));
    try (ControlSocket socket = open(List.of(deep, tmp), request -> "ok\n" + request + "\n", Duration.ofSeconds(5))) {
      assertThat(socket.path().getParent().getParent()).isEqualTo(tmp);
      assertThat(ControlSocket.request(socket.path(), "status=text", ANSWER)).isEqualTo("ok\nstatus=text\n");
      assertThat(Files.list(deep)).isEmpty();
    }
  }

  @Test
  void open_noFolderWorks_saysWhatToDo(@TempDir Path tmp) throws IOException {
    Path deep = Files.createDirectories(tmp.resolve("y".repeat(120)));
    assertThatThrownBy(() -> open(List.of(deep), request -> "ok\n", Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot open the control socket in " + deep + " (the socket path would take ")
        .hasMessageEndingWith("; start the JVM with -Djava.io.tmpdir=DIR naming a short, writable folder");
  }

  /** Guards against one idle client blocking every later command. */
  @Test
  void request_whileAnotherClientIdles_isAnswered(@TempDir Path tmp) throws IOException {
    try (ControlSocket socket = open(List.of(tmp), request -> "ok\nyou said " + request + "\n", Duration.ofSeconds(60));
        SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(socket.path()))) {
      assertThat(idle.isConnected()).isTrue();
      assertThat(ControlSocket.request(socket.path(), "status=json", ANSWER)).isEqualTo("ok\nyou said status=json\n");
    }
  }

  /** Guards against a client that never sends its request holding a thread forever. */
  @Test
  void serve_clientSendsNothing_refusedAfterTheReadTimeout(@TempDir Path tmp) throws IOException {
    try (ControlSocket socket = open(List.of(tmp), request -> "ok\n", Duration.ofMillis(200));
        SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(socket.path()))) {
      assertThat(readAll(idle)).isEqualTo("refused\nno request line came within 200 ms; nothing was done\n");
    }
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains("a client sent no request line within 200 ms");
  }

  @Test
  void serve_oversizedRequest_refusedWithALine(@TempDir Path tmp) throws IOException {
    try (ControlSocket socket = open(List.of(tmp), request -> "ok\n", Duration.ofSeconds(10))) {
      String answer = ControlSocket.request(socket.path(), "x".repeat(ControlSocket.MAX_REQUEST + 1), ANSWER);
      assertThat(answer).isEqualTo("refused\nthe request is longer than 65536 bytes; nothing was done\n");
    }
  }

  /** Guards against an error inside the agent ending the channel or reaching the client as a stack trace. */
  @Test
  void serve_handlerThrowsError_answersFailedAndKeepsServing(@TempDir Path tmp) throws IOException {
    Function<String, String> handler = request -> {
      if (request.equals("boom")) {
        throw new StackOverflowError("deep");
      }
      return "ok\n";
    };
    try (ControlSocket socket = open(List.of(tmp), handler, Duration.ofSeconds(10))) {
      assertThat(ControlSocket.request(socket.path(), "boom", ANSWER)).isEqualTo("failed\nthe agent failed on this"
          + " request (java.lang.StackOverflowError: deep); see the JVM's standard error\n");
      assertThat(ControlSocket.request(socket.path(), "status=text", ANSWER)).isEqualTo("ok\n");
    }
  }

  @Test
  void request_agentNeverAnswers_timesOut(@TempDir Path tmp) throws Exception {
    Path path = tmp.resolve("silent");
    try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      assertThatThrownBy(() -> ControlSocket.request(path, "status=text", Duration.ofMillis(200)))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("could not read within 200 ms");
    }
  }

  @Test
  void close_removesSocketAndFolder(@TempDir Path tmp) throws IOException {
    ControlSocket socket = open(List.of(tmp), request -> "ok\n", Duration.ofSeconds(5));
    socket.close();
    assertThat(socket.path()).doesNotExist();
    assertThat(socket.path().getParent()).doesNotExist();
  }

  @Test
  void openShared_noFolder_makesOneOnlyForTheJvmsUser(@TempDir Path tmp) throws IOException {
    Path path = tmp.resolve(".scalpel-1/7-100");
    try (ControlSocket socket = openShared(path)) {
      assertThat(socket.path()).isEqualTo(path);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent()))).isEqualTo("rwx------");
      assertThat(ControlSocket.request(path, "status=json", ANSWER)).isEqualTo("ok\nstatus=json\n");
    }
  }

  /** Guards against serving from a folder that other users can enter, where anyone could plant a socket. */
  @Test
  void openShared_folderOpenToOthers_refused(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve(".scalpel-1"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> openShared(dir.resolve("7-100")))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + " is open to other users (mode rwxr-xr-x)");
  }

  @Test
  void openShared_folderIsASymlink_refused(@TempDir Path tmp) throws IOException {
    Path real = Files.createDirectory(tmp.resolve("real"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Path link = Files.createSymbolicLink(tmp.resolve(".scalpel-1"), real);
    assertThatThrownBy(() -> openShared(link.resolve("7-100")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(link + " is not a folder of this JVM's user (uid ");
  }

  /** Guards against a socket file left by a JVM that died (kill -9) keeping the next one off its path. */
  @Test
  void openShared_staleSocketFile_replaced(@TempDir Path tmp) throws IOException {
    Path path = tmp.resolve(".scalpel-1/7-100");
    openShared(path).close();
    try (var dead = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path));
    }
    assertThat(path).exists();
    try (ControlSocket socket = openShared(path)) {
      assertThat(ControlSocket.request(socket.path(), "x", ANSWER)).isEqualTo("ok\nx\n");
    }
  }

  @Test
  void openShared_liveSocketAtThePath_leftAlone(@TempDir Path tmp) throws IOException {
    Path path = tmp.resolve(".scalpel-1/7-100");
    try (ControlSocket first = openShared(path)) {
      assertThatThrownBy(() -> openShared(path))
          .isInstanceOf(IOException.class)
          .hasMessage(path + " is served by a live process");
      assertThat(ControlSocket.request(first.path(), "x", ANSWER)).isEqualTo("ok\nx\n");
    }
  }

  @Test
  void close_sharedFolder_removesSocketKeepsFolder(@TempDir Path tmp) throws IOException {
    Path path = tmp.resolve(".scalpel-1/7-100");
    openShared(path).close();
    assertThat(path).doesNotExist();
    assertThat(path.getParent()).isDirectory();
  }

  private ControlSocket openShared(Path path) throws IOException {
    ControlSocket socket = ControlSocket.openShared(path, request -> "ok\n" + request + "\n", log, Duration.ofSeconds(5));
    socket.start();
    return socket;
  }

  private ControlSocket open(List<Path> bases, Function<String, String> handler, Duration readTimeout) throws IOException {
    ControlSocket socket = ControlSocket.open(bases, handler, log, readTimeout);
    socket.start();
    return socket;
  }

  private static String readAll(SocketChannel channel) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    while (channel.read(buffer) >= 0) {
      bytes.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
