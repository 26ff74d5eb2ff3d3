package dev.scalpel.agent;

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
import java.util.function.Function;

/**
 * The agent's control channel once it runs: a Unix domain socket in a folder only the JVM's OS
 * user can enter, so it is reachable by exactly the users the JDK's attach mechanism admits, and
 * it opens no network port. Its path is published in a system property that the command line reads
 * through the attach mechanism, without loading anything into the JVM.
 *
 * <p>One request per connection: a line of agent options (for example {@code status=json}); the
 * answer is the reply text ({@code ok|refused|failed} and lines), then the connection closes.
 */
public final class ControlSocket {

  /** The system property that holds the socket's path. */
  public static final String PROPERTY = "dev.scalpel.control";

  private static final int MAX_REQUEST = 64 * 1024;

  private ControlSocket() {}

  /**
   * Opens the socket and serves {@code handler} on a daemon thread.
   *
   * @return the socket's path
   */
  static Path open(Function<String, String> handler) throws IOException {
    Path dir = Files.createTempDirectory("scalpel-control-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = dir.resolve("control");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    socket.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    Thread t = new Thread(() -> serve(server, handler), "scalpel-control");
    t.setDaemon(true);
    t.start();
    return socket;
  }

  private static void serve(ServerSocketChannel server, Function<String, String> handler) {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        String request = readLine(client);
        ByteBuffer answer = ByteBuffer.wrap(handler.apply(request).getBytes(StandardCharsets.UTF_8));
        while (answer.hasRemaining()) {
          client.write(answer);
        }
      } catch (IOException | RuntimeException e) {
        // Don't rethrow: one bad client must not stop the channel, and the application never sees it.
        System.err.println("scalpel: warn: control request failed: " + e);
      }
    }
  }

  private static String readLine(SocketChannel client) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_REQUEST);
    while (buffer.hasRemaining()) {
      if (client.read(buffer) < 0) {
        break;
      }
      if (buffer.position() > 0 && buffer.get(buffer.position() - 1) == '\n') {
        break;
      }
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
  }

  /** Sends one request to the socket at {@code path} and returns the whole answer. */
  public static String request(Path path, String request) throws IOException {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      return new String(readAll(channel), StandardCharsets.UTF_8);
    }
  }

  private static byte[] readAll(SocketChannel channel) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (channel.read(buffer) >= 0) {
      buffer.flip();
      bytes.write(buffer.array(), 0, buffer.limit());
      buffer.clear();
    }
    return bytes.toByteArray();
  }
}
