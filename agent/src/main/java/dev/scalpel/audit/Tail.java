package dev.scalpel.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The end of an audit log, found by reading backwards from the end of the file: its last whole
 * line and the torn bytes after it, if any. What a start-up needs to continue the chain costs the
 * same whatever the log's length; only numbering a line, for a message, reads the whole file.
 *
 * @param last the last line with a line end, or null if there is none; its {@code number} is 0
 *             (not counted) until {@link #numbered} counts it
 * @param torn the bytes after the last line end, or 0
 */
record Tail(Lines.Line last, long torn) {

  private static final int CHUNK = 64 * 1024;

  /** Reads the end of the file behind {@code channel}, never more than the last line's bytes and a chunk. */
  static Tail read(FileChannel channel) throws IOException {
    long size = channel.size();
    long lastEnd = previousLineEnd(channel, size);
    if (lastEnd < 0) {
      return new Tail(null, size);
    }
    long start = previousLineEnd(channel, lastEnd) + 1;
    long length = lastEnd - start;
    String text = null;
    if (length <= Lines.MAX_LINE) {
      ByteBuffer bytes = ByteBuffer.allocate((int) length);
      while (bytes.hasRemaining() && channel.read(bytes, start + bytes.position()) >= 0) {
        // Read until the line is whole; a file cannot shrink under the lock.
      }
      text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    }
    return new Tail(new Lines.Line(0, start, length, text, true), size - lastEnd - 1);
  }

  /** The number (from 1) of the line starting at {@code offset}: the line ends before it, plus one. */
  static long numberAt(FileChannel channel, long offset) throws IOException {
    long count = 1;
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    for (long at = 0; at < offset; ) {
      chunk.clear().limit((int) Math.min(CHUNK, offset - at));
      int n = channel.read(chunk, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (chunk.get(i) == '\n') {
          count++;
        }
      }
      at += n;
    }
    return count;
  }

  /** The last line, numbered. */
  Lines.Line numbered(FileChannel channel) throws IOException {
    return new Lines.Line(numberAt(channel, last.offset()), last.offset(), last.length(), last.text(), true);
  }

  // The offset of the last line end before offset `before`, or -1 if there is none.
  private static long previousLineEnd(FileChannel channel, long before) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    for (long end = before; end > 0; ) {
      long start = Math.max(0, end - CHUNK);
      chunk.clear().limit((int) (end - start));
      int n = 0;
      while (chunk.hasRemaining()) {
        int read = channel.read(chunk, start + n);
        if (read < 0) {
          throw new IOException("the file ended at " + (start + n) + " bytes while it was read up to " + end);
        }
        n += read;
      }
      for (int i = n - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return start + i;
        }
      }
      end = start;
    }
    return -1;
  }
}
