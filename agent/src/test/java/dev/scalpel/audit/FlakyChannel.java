package dev.scalpel.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that writes at most {@code chunk} bytes per call (a short write, as the OS may do)
 * and, once armed, fails as a full disk does: after {@code failAfter} more bytes every write throws,
 * and truncation too if told so. Everything else goes to the real channel.
 */
final class FlakyChannel extends FileChannel {

  private final FileChannel real;
  private final int chunk;
  private long failAfter = Long.MAX_VALUE;
  private boolean truncateFails;
  int writes;

  FlakyChannel(FileChannel real, int chunk) {
    this.real = real;
    this.chunk = chunk;
  }

  /** From now on, writes fail after {@code bytes} more bytes; truncation fails too if {@code truncate}. */
  void failAfter(long bytes, boolean truncate) {
    failAfter = bytes;
    truncateFails = truncate;
  }

  /** Writes and truncation work again. */
  void heal() {
    failAfter = Long.MAX_VALUE;
    truncateFails = false;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    writes++;
    if (failAfter <= 0) {
      throw new IOException("No space left on device");
    }
    int n = (int) Math.min(Math.min(chunk, src.remaining()), failAfter);
    ByteBuffer part = src.duplicate();
    part.limit(part.position() + n);
    int written = real.write(part, position);
    src.position(src.position() + written);
    failAfter -= written;
    return written;
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    if (truncateFails) {
      throw new IOException("Input/output error");
    }
    real.truncate(size);
    return this;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    throw new UnsupportedOperationException("the audit log writes at positions");
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new UnsupportedOperationException("the audit log writes at positions");
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return real.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return real.transferFrom(src, position, count);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return real.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return real.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return real.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
