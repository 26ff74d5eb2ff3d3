package dev.scalpel.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads an audit log line by line from a stream, keeping at most {@link #MAX_LINE} bytes of a line
 * in memory, and says of each line where it starts and whether it has its line end: a last line
 * without one is what a crash leaves when it interrupts a write.
 */
final class Lines {

  /** The longest line kept; a record is far shorter, even one listing a manifest's problems. */
  static final int MAX_LINE = 1 << 20;

  /**
   * One line.
   *
   * @param number     its number, from 1
   * @param offset     the byte offset of its first byte
   * @param length     its length in bytes, without the line end
   * @param text       its text, or null if it is longer than {@link #MAX_LINE}
   * @param terminated whether a line end follows it
   */
  record Line(long number, long offset, long length, String text, boolean terminated) {
    /** The byte offset just after its line end (or its end, if it has none). */
    long end() {
      return offset + length + (terminated ? 1 : 0);
    }
  }

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private int next;
  private int filled;
  private long offset;
  private long number;

  Lines(InputStream in) {
    this.in = in;
  }

  /** The next line, or null at the end of the stream. */
  Line next() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long start = offset;
    long length = 0;
    while (true) {
      if (next == filled) {
        filled = in.read(buffer);
        next = 0;
        if (filled <= 0) {
          filled = 0;
          if (length == 0) {
            return null;
          }
          return line(start, length, bytes, false);
        }
      }
      int from = next;
      while (next < filled && buffer[next] != '\n') {
        next++;
      }
      int count = next - from;
      if (length + count <= MAX_LINE) {
        bytes.write(buffer, from, count);
      }
      length += count;
      offset += count;
      if (next < filled) {
        next++;
        offset++;
        return line(start, length, bytes, true);
      }
    }
  }

  private Line line(long start, long length, ByteArrayOutputStream bytes, boolean terminated) {
    String text = length <= MAX_LINE ? bytes.toString(StandardCharsets.UTF_8) : null;
    return new Line(++number, start, length, text, terminated);
  }
}
