package dev.scalpel.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks an audit log's hash chain and finds the first record that breaks it. */
public final class AuditVerifier {

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
   * Verifies every line of {@code file}: each is a record with exactly the audit fields, numbered
   * one after the other from 1, chained to the one before, and hashed as written.
   *
   * @throws IOException if the file cannot be read
   */
  public static Verdict verify(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String prev = AuditLog.GENESIS;
    long count = 0;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      String at = "line " + (n + 1) + ": ";
      Map<String, Object> r;
      try {
        r = Json.read(line);
      } catch (IllegalArgumentException e) {
        return new Verdict(count, at + "not a JSON record (" + e.getMessage() + ")");
      }
      if (!List.copyOf(r.keySet()).equals(AuditLog.FIELDS)) {
        return new Verdict(count, at + "fields " + r.keySet() + " are not the audit fields " + AuditLog.FIELDS);
      }
      if (!Long.valueOf(count + 1).equals(r.get("seq"))) {
        return new Verdict(count, at + "seq " + r.get("seq") + " where " + (count + 1)
            + " was expected: a record was removed, added or moved");
      }
      if (!prev.equals(r.get("prevHash"))) {
        return new Verdict(count, at + "prevHash does not match the hash of the record before it: "
            + "a record was removed, added or moved");
      }
      Map<String, Object> withoutHash = new LinkedHashMap<>(r);
      Object stated = withoutHash.remove("hash");
      String actual = AuditLog.hash(prev, Json.write(withoutHash));
      if (!actual.equals(stated)) {
        return new Verdict(count, at + "hash does not match the record's content: the record was edited");
      }
      prev = actual;
      count++;
    }
    return new Verdict(count, null);
  }
}
