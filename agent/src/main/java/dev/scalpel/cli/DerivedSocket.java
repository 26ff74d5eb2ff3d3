package dev.scalpel.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's control socket at the path derived from the target JVM's ids
 * ({@link dev.scalpel.agent.ControlPath}), reached without the JDK's attach mechanism. A class of
 * its own, apart from {@link AttachClient}, so that a command answered there loads none of the
 * attach mechanism's classes.
 */
final class DerivedSocket {

  private DerivedSocket() {}

  /**
   * A connected channel to the agent's control socket at its derived path
   * ({@link TargetFiles#derivedControlSocket}), or null where there is none to use: no such file, a
   * file that is not the agent's (another owner, a folder open to others:
   * {@link TargetFiles#checkControlSocket}), or a socket that no process serves, or that cannot take
   * one more connection now. The attach mechanism then finds the agent, or says it is not loaded.
   * Never blocks: the connection is made in non-blocking mode, and the channel is returned in it.
   */
  static SocketChannel connect(String pid, TargetFiles files) {
    if (!JavaProcesses.isNumber(pid)) {
      return null;
    }
    Optional<Path> socket = files.derivedControlSocket();
    if (socket.isEmpty() || !Files.exists(socket.get(), LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    SocketChannel channel = null;
    try {
      files.checkControlSocket(socket.get());
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.configureBlocking(false);
      // A Unix-domain connection is made at once or refused (a full backlog refuses it here,
      // where a blocking connect would wait for room without a bound).
      if (channel.connect(UnixDomainSocketAddress.of(socket.get()))) {
        return channel;
      }
    } catch (IOException e) {
      // No agent serves that socket: left to the attach mechanism.
    }
    close(channel);
    return null;
  }

  private static void close(SocketChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was sent on it.
    }
  }
}
