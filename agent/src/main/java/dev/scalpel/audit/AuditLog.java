package dev.scalpel.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The tamper-evident audit log: JSON Lines, one record per change, each appended and forced to disk
 * before the change is reported done. Each record's {@code hash} is the hex SHA-256 (or, with a key,
 * HMAC-SHA256: {@link ChainHash}) of the previous record's hash followed by the record's canonical
 * JSON without {@code hash}; the first record's {@code prevHash} is 64 zeros. A log that already
 * exists is continued, its chain unbroken.
 *
 * <p>One process at a time: the log holds an exclusive lock on its file while it is open, and a
 * second opener, in this JVM or another, is refused. A record counts as written once its line end
 * is: a crash can leave only a torn last line without one, which {@link #open} drops, recording
 * {@code audit-repaired}.
 */
public final class AuditLog implements AutoCloseable {

  /** Every record's fields, in their canonical order. */
  public static final List<String> FIELDS = List.of("seq", "time", "event", "patchId", "manifestSha256", "jarSha256",
      "ticket", "author", "reason", "approvedBy", "pid", "host", "user", "outcome", "error", "prevHash", "hash");

  /** The {@code prevHash} of the first record. */
  public static final String GENESIS = "0".repeat(64);

  /** The event recorded when {@link #open} dropped a torn last line. */
  public static final String REPAIRED = "audit-repaired";

  /** How a test gets a file channel that misbehaves; the log opens real ones. */
  interface Opener {
    FileChannel open(Path file) throws IOException;
  }

  private final Path file;
  private final FileChannel channel;
  private final ChainHash chain;
  private final String host;
  private final String user;
  private final long pid;
  private long seq;
  private String prevHash;
  private long end;
  private long repairedBytes;

  private AuditLog(Path file, FileChannel channel, ChainHash chain) {
    this.file = file;
    this.channel = channel;
    this.chain = chain;
    this.prevHash = GENESIS;
    this.host = HostName.get();
    this.user = System.getProperty("user.name");
    this.pid = ProcessId.current();
  }

  /** Opens {@code file} with the contract's SHA-256 chain; see {@link #open(Path, ChainHash)}. */
  public static AuditLog open(Path file) throws IOException {
    return open(file, ChainHash.SHA256);
  }

  /**
   * Opens {@code file} for appending, creating it and its folders if needed, locks it for this
   * process, and continues the chain from its last whole record, whose own hash must check with
   * {@code chain} (the records before it are left to {@code audit verify}). A torn last line (bytes
   * after the last line end) is dropped and an {@code audit-repaired} record, chained onto the last
   * whole record, says how many bytes went.
   *
   * @throws IOException naming the file and what to do, if it cannot be opened or written, another
   *     process (or another log in this JVM) holds it, or its last whole line is not an intact record
   *     (which a crash does not leave: the log was edited or damaged); the file is then unchanged
   */
  public static AuditLog open(Path file, ChainHash chain) throws IOException {
    return open(file, chain, new RealFiles());
  }

  // A class rather than a lambda: the log opens before the application's main, where a lambda costs
  // a generated class.
  private static final class RealFiles implements Opener {
    @Override
    public FileChannel open(Path file) throws IOException {
      return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
  }

  static AuditLog open(Path file, ChainHash chain, Opener opener) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    FileChannel channel;
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel = opener.open(file);
    } catch (IOException e) {
      throw new IOException("cannot open the audit log " + file.toAbsolutePath() + " for writing (" + e
          + "); give a file this user can write with audit=PATH", e);
    }
    try {
      lock(file, channel);
      AuditLog log = new AuditLog(file, channel, chain);
      log.resume();
      return log;
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void lock(Path file, FileChannel channel) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      throw new IOException("the audit log " + file.toAbsolutePath() + " is already open in this JVM; give each log its own file", e);
    }
    if (lock == null) {
      OptionalLong holder = LockHolder.of(file);
      throw new IOException("the audit log " + file.toAbsolutePath() + " is in use by another process"
          + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "")
          + ": two JVMs cannot share one audit log; give this JVM its own with audit=PATH"
          + " (JVMs started in one working directory share the default scalpel-audit.jsonl)");
    }
  }

  // Reads through the locked channel itself: closing any other channel on the file would drop the lock.
  private void resume() throws IOException {
    Tail tail = Tail.read(channel);
    if (tail.last() != null) {
      AuditVerifier.Checked c = AuditVerifier.check(tail.last(), chain, 0, null);
      if (c.problem() != null) {
        Path where = file.toAbsolutePath();
        throw new IOException("the audit log " + where + " cannot be continued: line " + tail.numbered(channel).number()
            + ", its last whole line, is not an intact record (" + c.problem() + mismatch(c, tail.last())
            + "); a crash leaves only a torn line without a line end, so the log was edited or damaged:"
            + " check it with 'scalpel audit verify " + where + "', then move it aside to start a new log");
      }
      seq = (Long) c.fields().get("seq");
      prevHash = (String) c.fields().get("hash");
      end = tail.last().end();
    }
    if (tail.torn() > 0) {
      long number;
      try {
        number = Tail.numberAt(channel, end);
        channel.truncate(end);
        channel.force(false);
      } catch (IOException e) {
        throw new IOException("cannot drop the torn last line of the audit log " + file.toAbsolutePath() + " (" + e
            + "); give a file this user can write with audit=PATH", e);
      }
      repairedBytes = tail.torn();
      append(AuditEvent.of(REPAIRED, null, "ok", "dropped line " + number + ", torn: its " + tail.torn()
          + " bytes had no line end, as a crash while writing it leaves them"));
    }
  }

  // Whether the last record would check with the other chain: a key added, removed or changed.
  private String mismatch(AuditVerifier.Checked c, Lines.Line last) {
    if (c.fields() == null || !c.problem().startsWith("hash ")) {
      return "";
    }
    if (chain.keyed()) {
      return AuditVerifier.check(last, ChainHash.SHA256, 0, null).problem() == null
          ? "; it was written without auditKey=: a log keeps the chain it started with" : "; or another auditKey wrote it";
    }
    return "; or auditKey= wrote it: give the same key";
  }

  /** The file this log appends to. */
  public Path file() {
    return file;
  }

  /** How many bytes of a torn last line {@link #open} dropped (0 if none). */
  public long repairedBytes() {
    return repairedBytes;
  }

  /**
   * Appends one record and forces it to disk.
   *
   * @return the record's canonical line, as written
   * @throws IOException if the record could not be written; the chain is then unchanged
   */
  public String append(AuditEvent e) throws IOException {
    return appendAll(List.of(e)).get(0);
  }

  /**
   * Appends the records of one change, in order, and forces them to disk once: an apply of a
   * thousand patches waits for one disk flush, not a thousand.
   *
   * <p>The records go to the end of the last whole record, whatever a failed write left after it:
   * a short write is continued until every byte is written, and a write or flush that fails is cut
   * off the file (or, if even that fails, overwritten by the next append), so a failure never glues
   * two records into one line.
   *
   * @return the records' canonical lines, as written
   * @throws IOException if the records could not be written; the chain is then unchanged, and so
   *     is the file, unless even cutting off what was written of them failed (a suppressed exception)
   */
  public synchronized List<String> appendAll(List<AuditEvent> events) throws IOException {
    List<String> lines = new ArrayList<>(events.size());
    StringBuilder text = new StringBuilder();
    long nextSeq = seq;
    String nextHash = prevHash;
    String time = UtcTime.of(Instant.now());
    for (AuditEvent e : events) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("seq", ++nextSeq);
      r.put("time", time);
      r.put("event", e.event());
      r.put("patchId", e.patchId());
      r.put("manifestSha256", e.manifestSha256());
      r.put("jarSha256", e.jarSha256());
      r.put("ticket", e.ticket());
      r.put("author", e.author());
      r.put("reason", e.reason());
      r.put("approvedBy", e.approvedBy());
      r.put("pid", pid);
      r.put("host", host);
      r.put("user", user);
      r.put("outcome", e.outcome());
      r.put("error", e.error());
      r.put("prevHash", nextHash);
      nextHash = chain.of(nextHash, Json.write(r));
      r.put("hash", nextHash);
      String line = Json.write(r);
      lines.add(line);
      text.append(line).append('\n');
    }
    if (lines.isEmpty()) {
      return lines;
    }
    write(text.toString().getBytes(StandardCharsets.UTF_8));
    seq = nextSeq;
    prevHash = nextHash;
    return lines;
  }

  private void write(byte[] bytes) throws IOException {
    // A file cut shorter under the log (a rotation by copy and truncate) is continued at its new end.
    long start = Math.min(end, channel.size());
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer, start + buffer.position());
      }
      long after = start + bytes.length;
      if (channel.size() > after) {
        channel.truncate(after);
      }
      channel.force(false);
      end = after;
    } catch (IOException e) {
      try {
        channel.truncate(start);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Closes the file and releases its lock. */
  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
