package dev.scalpel.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks an audit log's hash chain and finds the first record that breaks it. */
public final class AuditVerifier {

  private static final String EDITED = "hash does not match the record's content";

  private AuditVerifier() {}

  /**
   * The verdict on a log.
   *
   * @param records how many records were read and found intact before the first break
   * @param broken  the first broken record's description ({@code line N: why}), or null if intact
   */
  public record Verdict(long records, String broken) {
    /** Whether the whole chain is intact. */
    public boolean intact() {
      return broken == null;
    }
  }

  /**
   * Verifies every line of {@code file} against the contract's chain, from the first record (seq 1,
   * chained to 64 zeros); see {@link #verify(Path, ChainHash, long)}.
   *
   * @throws IOException if the file cannot be read
   */
  public static Verdict verify(Path file) throws IOException {
    return verify(file, ChainHash.SHA256, 1);
  }

  /**
   * Verifies every line of {@code file}: each is a record with exactly the audit fields, ended by a
   * line end, numbered one after the other from {@code fromSeq}, chained to the one before, and hashed
   * as written with {@code chain}. With {@code fromSeq} 1 the first record's {@code prevHash} must be
   * 64 zeros; with a higher {@code fromSeq} (a log rotated or cut at its start) the first record's
   * {@code prevHash} is taken on trust, so nothing before it is checked. A last line without its line
   * end (a torn write) breaks the chain: the agent drops it when it next opens the log.
   *
   * @throws IllegalArgumentException if {@code fromSeq} is below 1
   * @throws IOException              if the file cannot be read
   */
  public static Verdict verify(Path file, ChainHash chain, long fromSeq) throws IOException {
    if (fromSeq < 1) {
      throw new IllegalArgumentException("fromSeq " + fromSeq + " is not a seq; records are numbered from 1");
    }
    try (InputStream in = Files.newInputStream(file)) {
      Lines lines = new Lines(in);
      String prev = fromSeq == 1 ? AuditLog.GENESIS : null;
      long count = 0;
      for (Lines.Line line = lines.next(); line != null; line = lines.next()) {
        Checked c = check(line, chain, fromSeq + count, prev);
        if (c.problem() != null) {
          return new Verdict(count, "line " + line.number() + ": " + c.problem() + (count == 0 ? firstHint(c, chain) : ""));
        }
        prev = (String) c.fields().get("hash");
        count++;
      }
      return new Verdict(count, null);
    }
  }

  // What the first record's failure may mean besides tampering: a keyed log, or a log that starts later.
  private static String firstHint(Checked c, ChainHash chain) {
    if (c.problem().startsWith(EDITED)) {
      return chain.keyed() ? " (or the log was not written with this key)"
          : " (or the log was written with auditKey=: verify it with --key)";
    }
    Object seq = c.fields() == null ? null : c.fields().get("seq");
    if (c.problem().startsWith("seq ") && seq instanceof Long first && first > 1) {
      return " (if the log was rotated or cut at its start, verify it with --from " + first + ")";
    }
    return "";
  }

  /**
   * A line read as a record.
   *
   * @param fields  its fields, or null if it is not a JSON record
   * @param problem why it is not an intact record where it stands, or null if it is
   */
  record Checked(Map<String, Object> fields, String problem) {}

  /**
   * Checks one line: a whole line, a flat JSON record with exactly the audit fields, its seq
   * {@code expectedSeq} (any whole number if 0), its {@code prevHash} {@code expectedPrev} (any
   * string, taken on trust, if null), and its {@code hash} that of its content by {@code chain}.
   */
  static Checked check(Lines.Line line, ChainHash chain, long expectedSeq, String expectedPrev) {
    if (!line.terminated()) {
      return new Checked(null, "torn: it has no line end, as a crash while it was written leaves it;"
          + " the agent drops it and records audit-repaired when it next opens the log");
    }
    if (line.text() == null) {
      return new Checked(null, "longer than " + Lines.MAX_LINE + " bytes: not an audit record");
    }
    Map<String, Object> r;
    try {
      r = Json.read(line.text());
    } catch (IllegalArgumentException e) {
      return new Checked(null, "not a JSON record (" + e.getMessage() + ")");
    }
    if (!List.copyOf(r.keySet()).equals(AuditLog.FIELDS)) {
      return new Checked(r, "fields " + r.keySet() + " are not the audit fields " + AuditLog.FIELDS);
    }
    Object seq = r.get("seq");
    if (expectedSeq == 0 ? !(seq instanceof Long) : !Long.valueOf(expectedSeq).equals(seq)) {
      return new Checked(r, "seq " + seq + " where " + (expectedSeq == 0 ? "a whole number" : expectedSeq)
          + " was expected: a record was removed, added or moved");
    }
    Object prev = r.get("prevHash");
    if (!(prev instanceof String)) {
      return new Checked(r, "prevHash " + prev + " is not a hash");
    }
    if (expectedPrev != null && !expectedPrev.equals(prev)) {
      return new Checked(r, "prevHash does not match the hash of the record before it: "
          + "a record was removed, added or moved");
    }
    Map<String, Object> withoutHash = new LinkedHashMap<>(r);
    Object stated = withoutHash.remove("hash");
    if (!chain.of((String) prev, Json.write(withoutHash)).equals(stated)) {
      return new Checked(r, EDITED + ": the record was edited");
    }
    return new Checked(r, null);
  }
}
