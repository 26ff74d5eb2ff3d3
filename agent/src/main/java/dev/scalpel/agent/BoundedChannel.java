package dev.scalpel.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One end of a control connection, read and written with a bound on both size and time: a peer
 * that stops sending, or stops reading, or sends too much, ends the exchange with an exception
 * instead of holding a thread forever. The channel is switched to non-blocking mode and closed
 * with this object.
 */
final class BoundedChannel implements AutoCloseable {

  /** More bytes arrived than the reader's bound allows. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  private final SocketChannel channel;
  private final Selector selector;
  private long deadline;
  private Duration timeout;

  /**
   * Wraps {@code channel}; every read and write through this object must end within
   * {@code timeout} from now, all together, until {@link #bound} sets a new limit.
   */
  BoundedChannel(SocketChannel channel, Duration timeout) throws IOException {
    this.channel = channel;
    bound(timeout);
    channel.configureBlocking(false);
    Selector opened = Selector.open();
    try {
      channel.register(opened, 0);
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
    this.selector = opened;
  }

  /** From now on, every read and write must end within {@code timeout} from now, all together. */
  void bound(Duration timeout) {
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  /**
   * Reads up to and including the first line end, or to the end of the stream, whichever comes
   * first, and returns the bytes without the line end.
   *
   * @throws TooLarge               if no line end came within {@code max} bytes
   * @throws SocketTimeoutException if the time ran out first
   */
  byte[] readLine(int max) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(Math.min(max + 1, 8192));
    while (true) {
      one.clear();
      one.limit(Math.min(one.capacity(), max + 1 - line.size()));
      int n = read(one);
      if (n < 0) {
        return line.toByteArray();
      }
      for (int i = 0; i < n; i++) {
        byte b = one.get(i);
        if (b == '\n') {
          return line.toByteArray();
        }
        line.write(b);
      }
      if (line.size() > max) {
        throw new TooLarge("no line end within " + max + " bytes");
      }
    }
  }

  /**
   * Reads to the end of the stream.
   *
   * @throws TooLarge               if more than {@code max} bytes came
   * @throws SocketTimeoutException if the time ran out first
   */
  byte[] readAll(int max) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    for (int n = read(buffer); n >= 0; n = read(buffer)) {
      all.write(buffer.array(), 0, n);
      buffer.clear();
      if (all.size() > max) {
        throw new TooLarge("more than " + max + " bytes");
      }
    }
    return all.toByteArray();
  }

  /**
   * Writes every byte of {@code bytes}.
   *
   * @throws SocketTimeoutException if the peer did not take them in time
   */
  void write(byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    while (out.hasRemaining()) {
      if (channel.write(out) == 0) {
        await(SelectionKey.OP_WRITE, "write");
      }
    }
  }

  /**
   * Ends what this side sends, then reads and drops what the peer still sends, up to {@code max}
   * bytes or the end of the stream: closing with unread bytes would reset the connection, and the
   * peer would lose the answer it was sent. Never throws for the peer's failures.
   */
  void finish(int max) {
    try {
      channel.shutdownOutput();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      for (int dropped = 0; dropped <= max; buffer.clear()) {
        int n = read(buffer);
        if (n < 0) {
          return;
        }
        dropped += n;
      }
    } catch (IOException e) {
      // The peer is gone or slow: it has had its answer.
    }
  }

  // Reads what is there, waiting for it within the deadline; -1 at the end of the stream.
  private int read(ByteBuffer buffer) throws IOException {
    int start = buffer.position();
    while (true) {
      int n = channel.read(buffer);
      if (n != 0) {
        return n < 0 ? -1 : buffer.position() - start;
      }
      await(SelectionKey.OP_READ, "read");
    }
  }

  private void await(int operation, String what) throws IOException {
    SelectionKey key = channel.keyFor(selector);
    key.interestOps(operation);
    long left = deadline - System.nanoTime();
    if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && deadline - System.nanoTime() <= 0) {
      throw new SocketTimeoutException("could not " + what + " within " + timeout.toMillis() + " ms");
    }
    selector.selectedKeys().clear();
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}
