package dev.scalpel.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The command line's end of a control connection ({@link ControlSocket}): one request, the whole
 * answer, bounded in size and time. A class of its own so that a command loads none of the
 * server's classes and runs none of their set-up. The time bound is a watchdog thread that closes
 * the connection when the time is up, so that the exchange itself reads and writes in blocking
 * mode, without a selector's set-up (an epoll instance, an event file and the socket options).
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
   * Sends one request over {@code connected}, a channel to the socket (in either mode, registered
   * with no selector), closes it, and returns the whole answer: for a caller that tells a socket
   * it cannot connect to from one that fails later.
   *
   * @throws java.net.SocketTimeoutException if it did not answer in time
   * @throws IOException if its answer is over {@value #MAX_ANSWER} bytes or the connection fails
   */
  public static String request(SocketChannel connected, String request, Duration timeout) throws IOException {
    Watchdog watchdog = new Watchdog(connected, System.nanoTime() + timeout.toNanos());
    Thread thread = new Thread(watchdog, "scalpel-control-timeout");
    // A daemon: the command line exits when the exchange ends, whatever its watchdog does.
    thread.setDaemon(true);
    String step = "write";
    try (SocketChannel channel = connected) {
      channel.configureBlocking(true);
      thread.start();
      ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      step = "read";
      return new String(readAll(channel), StandardCharsets.UTF_8);
    } catch (ClosedChannelException e) {
      if (watchdog.fired) {
        SocketTimeoutException late = new SocketTimeoutException("could not " + step + " within " + timeout.toMillis() + " ms");
        late.initCause(e);
        throw late;
      }
      throw e;
    } finally {
      thread.interrupt();
    }
  }

  private static byte[] readAll(SocketChannel channel) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    for (int n = channel.read(buffer); n >= 0; n = channel.read(buffer)) {
      all.write(buffer.array(), 0, buffer.position());
      buffer.clear();
      if (all.size() > MAX_ANSWER) {
        throw new BoundedChannel.TooLarge("more than " + MAX_ANSWER + " bytes");
      }
    }
    return all.toByteArray();
  }

  // Closes the channel at the deadline, unless interrupted first: the exchange ended.
  private static final class Watchdog implements Runnable {
    private final SocketChannel channel;
    private final long deadline;
    volatile boolean fired;

    Watchdog(SocketChannel channel, long deadline) {
      this.channel = channel;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      try {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
          Thread.sleep(Math.max(1, left / 1_000_000));
        }
        fired = true;
        channel.close();
      } catch (InterruptedException e) {
        // The exchange ended before the deadline.
      } catch (Throwable t) {
        // Closing failed: the exchange's own read or write fails with the channel, or ends.
        System.err.println("scalpel: could not end the control connection at its deadline: " + t);
      }
    }
  }
}
