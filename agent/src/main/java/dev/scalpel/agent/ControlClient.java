package dev.scalpel.agent;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The command line's end of a control connection ({@link ControlSocket}): one request, the whole
 * answer, bounded in size and time. A class of its own so that a command loads none of the
 * server's classes and runs none of their set-up.
 */
public final class ControlClient {

  /** The most bytes an answer may take. */
  public static final int MAX_ANSWER = 16 * 1024 * 1024;

  private ControlClient() {}

  /**
   * Sends one request to the socket at {@code path} and returns the whole answer.
   *
   * @param timeout how long the agent has to answer, all told
   * @throws java.net.SocketTimeoutException if it did not answer in time
   * @throws IOException if it cannot be reached, or its answer is over {@value #MAX_ANSWER} bytes
   */
  public static String request(Path path, String request, Duration timeout) throws IOException {
    return request(SocketChannel.open(UnixDomainSocketAddress.of(path)), request, timeout);
  }

  /**
   * Sends one request over {@code connected}, a channel to the socket, closes it, and returns the
   * whole answer: for a caller that tells a socket it cannot connect to from one that fails later.
   *
   * @throws java.net.SocketTimeoutException if it did not answer in time
   * @throws IOException if its answer is over {@value #MAX_ANSWER} bytes or the connection fails
   */
  public static String request(SocketChannel connected, String request, Duration timeout) throws IOException {
    try (BoundedChannel channel = new BoundedChannel(connected, timeout)) {
      channel.write((request + "\n").getBytes(StandardCharsets.UTF_8));
      return new String(channel.readAll(MAX_ANSWER), StandardCharsets.UTF_8);
    }
  }
}
