package dev.scalpel.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tamper-evident audit log: JSON Lines, one record per change, each appended and forced to disk
 * before the change is reported done. Each record's {@code hash} is the hex SHA-256 of the previous
 * record's hash followed by the record's canonical JSON without {@code hash}; the first record's
 * {@code prevHash} is 64 zeros. A log that already exists is continued, its chain unbroken.
 */
public final class AuditLog implements AutoCloseable {

  /** Every record's fields, in their canonical order. */
  public static final List<String> FIELDS = List.of("seq", "time", "event", "patchId", "manifestSha256", "jarSha256",
      "ticket", "author", "reason", "approvedBy", "pid", "host", "user", "outcome", "error", "prevHash", "hash");

  /** The {@code prevHash} of the first record. */
  public static final String GENESIS = "0".repeat(64);

  private final Path file;
  private final FileChannel channel;
  private final String host;
  private final String user;
  private long seq;
  private String prevHash;

  private AuditLog(Path file, FileChannel channel, long seq, String prevHash) {
    this.file = file;
    this.channel = channel;
    this.seq = seq;
    this.prevHash = prevHash;
    this.host = hostName();
    this.user = System.getProperty("user.name");
  }

  /**
   * Opens {@code file} for appending, creating it if needed, and continues the chain from its last
   * record.
   *
   * @throws IOException if the file cannot be opened, or its last line is not a record to chain to
   */
  public static AuditLog open(Path file) throws IOException {
    long seq = 0;
    String prev = GENESIS;
    if (Files.exists(file)) {
      String last = null;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          last = line;
        }
      }
      if (last != null) {
        try {
          Map<String, Object> record = Json.read(last);
          seq = (Long) record.get("seq");
          prev = (String) record.get("hash");
        } catch (RuntimeException e) {
          throw new IOException("audit log " + file + " ends in a line that is not an audit record (" + e.getMessage()
              + "); check it with 'scalpel audit verify' and move it aside to start a new log", e);
        }
      }
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    return new AuditLog(file, channel, seq, prev);
  }

  /** The file this log appends to. */
  public Path file() {
    return file;
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
   * @return the records' canonical lines, as written
   * @throws IOException if the records could not be written; the chain is then unchanged, and so
   *     is the file, unless even cutting off what was written of them failed (a suppressed exception)
   */
  public synchronized List<String> appendAll(List<AuditEvent> events) throws IOException {
    List<String> lines = new ArrayList<>(events.size());
    StringBuilder text = new StringBuilder();
    long nextSeq = seq;
    String nextHash = prevHash;
    String time = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
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
      r.put("pid", ProcessHandle.current().pid());
      r.put("host", host);
      r.put("user", user);
      r.put("outcome", e.outcome());
      r.put("error", e.error());
      r.put("prevHash", nextHash);
      nextHash = hash(nextHash, Json.write(r));
      r.put("hash", nextHash);
      String line = Json.write(r);
      lines.add(line);
      text.append(line).append('\n');
    }
    if (lines.isEmpty()) {
      return lines;
    }
    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    long size = channel.size();
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      // A full disk takes part of the records: cut them off, so that the log holds no record of a
      // change its caller then undoes, and the next record continues an unbroken chain.
      try {
        channel.truncate(size);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    seq = nextSeq;
    prevHash = nextHash;
    return lines;
  }

  /** The chain hash of a record: hex SHA-256 of {@code prevHash} followed by its canonical JSON without {@code hash}. */
  static String hash(String prevHash, String canonicalWithoutHash) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
      sha.update(canonicalWithoutHash.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required of every JVM", ex);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
