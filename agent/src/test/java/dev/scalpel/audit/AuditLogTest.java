package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AuditLogTest {

  @TempDir
  Path dir;
  private Path file;

  @BeforeEach
  void writeThree() throws IOException {
    file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(AuditEvent.of("agent-started", null, "ok", null));
      log.append(AuditEvent.of("manifest-applied", "ab".repeat(32), "ok", null));
      log.append(AuditEvent.of("manifest-rejected", "cd".repeat(32), "refused", "line \"3\"\nbad"));
    }
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private void write(List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  @Test
  void append_writesChainedRecords() throws IOException {
    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    Map<String, Object> first = Json.read(lines.get(0));
    Map<String, Object> second = Json.read(lines.get(1));
    assertThat(first.keySet()).containsExactlyElementsOf(AuditLog.FIELDS);
    assertThat(first.get("seq")).isEqualTo(1L);
    assertThat(first.get("prevHash")).isEqualTo(AuditLog.GENESIS);
    assertThat(second.get("prevHash")).isEqualTo(first.get("hash"));
    assertThat(Json.read(lines.get(2)).get("error")).isEqualTo("line \"3\"\nbad");
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(3, null));
  }

  @Test
  void open_existingLog_continuesTheChain() throws IOException {
    try (AuditLog log = AuditLog.open(file)) {
      log.append(AuditEvent.of("agent-started", null, "ok", null));
    }
    assertThat(Json.read(lines().get(3)).get("seq")).isEqualTo(4L);
    assertThat(AuditVerifier.verify(file).intact()).isTrue();
  }

  @Test
  void appendAll_writesOneChainedRecordPerEvent_andNothingForNone() throws IOException {
    try (AuditLog log = AuditLog.open(file)) {
      assertThat(log.appendAll(List.of())).isEmpty();
      List<String> written = log.appendAll(List.of(AuditEvent.of("manifest-applied", "ef".repeat(32), "ok", null),
          AuditEvent.of("agent-started", null, "ok", null)));
      assertThat(written).hasSize(2);
      assertThat(lines().subList(3, 5)).isEqualTo(written);
    }
    List<String> lines = lines();
    assertThat(lines).hasSize(5);
    assertThat(Json.read(lines.get(3)).get("seq")).isEqualTo(4L);
    assertThat(Json.read(lines.get(4)).get("seq")).isEqualTo(5L);
    assertThat(Json.read(lines.get(3)).get("event")).isEqualTo("manifest-applied");
    assertThat(Json.read(lines.get(4)).get("prevHash")).isEqualTo(Json.read(lines.get(3)).get("hash"));
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(5, null));
  }

  @Test
  void verify_editedRecord_isFound() throws IOException {
    List<String> lines = lines();
    lines.set(1, lines.get(1).replace("\"outcome\":\"ok\"", "\"outcome\":\"no\""));
    write(lines);
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(1,
        "line 2: hash does not match the record's content: the record was edited"));
  }

  @Test
  void verify_removedRecord_isFound() throws IOException {
    List<String> lines = lines();
    lines.remove(1);
    write(lines);
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(1,
        "line 2: seq 3 where 2 was expected: a record was removed, added or moved"));
  }

  @Test
  void verify_reorderedRecords_areFound() throws IOException {
    List<String> lines = lines();
    lines.add(1, lines.remove(2));
    write(lines);
    assertThat(AuditVerifier.verify(file).broken()).isEqualTo(
        "line 2: seq 3 where 2 was expected: a record was removed, added or moved");
  }

  @Test
  void verify_renumberedRecord_breaksTheChain() throws IOException {
    List<String> lines = lines();
    lines.remove(1);
    lines.set(1, lines.get(1).replace("\"seq\":3", "\"seq\":2"));
    write(lines);
    assertThat(AuditVerifier.verify(file).broken()).isEqualTo(
        "line 2: prevHash does not match the hash of the record before it: a record was removed, added or moved");
  }

  @Test
  void verify_truncatedLine_isFound() throws IOException {
    List<String> lines = lines();
    lines.set(2, lines.get(2).substring(0, 40));
    write(lines);
    assertThat(AuditVerifier.verify(file).broken()).startsWith("line 3: not a JSON record (");
  }

  /** Guards that a torn last line (a crash mid-write) no longer stops the agent: it is dropped and the repair recorded. */
  @Test
  void open_tornLastLine_dropsItAndRecordsTheRepair() throws IOException {
    String whole = Files.readString(file, StandardCharsets.UTF_8);
    String third = lines().get(2);
    for (String torn : List.of(third.substring(0, 1), third.substring(0, 40), third, "\0".repeat(12))) {
      Files.writeString(file, whole + torn, StandardCharsets.UTF_8);
      int dropped = torn.getBytes(StandardCharsets.UTF_8).length;
      try (AuditLog log = AuditLog.open(file)) {
        assertThat(log.repairedBytes()).as(torn).isEqualTo(dropped);
        log.append(AuditEvent.of("agent-started", null, "ok", null));
      }
      List<String> lines = lines();
      assertThat(lines.subList(0, 3)).isEqualTo(whole.lines().toList());
      Map<String, Object> repaired = Json.read(lines.get(3));
      assertThat(repaired.get("event")).isEqualTo(AuditLog.REPAIRED);
      assertThat(repaired.get("seq")).isEqualTo(4L);
      assertThat(repaired.get("prevHash")).isEqualTo(Json.read(lines.get(2)).get("hash"));
      assertThat(repaired.get("error")).isEqualTo("dropped line 4, torn: its " + dropped
          + " bytes had no line end, as a crash while writing it leaves them");
      assertThat(Json.read(lines.get(4)).get("event")).isEqualTo("agent-started");
      assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(5, null));
      Files.writeString(file, whole, StandardCharsets.UTF_8);
    }
  }

  /** Guards that a log holding nothing but a torn first line is repaired onto the genesis hash. */
  @Test
  void open_onlyATornLine_repairsFromGenesis() throws IOException {
    Files.writeString(file, "{\"seq\":1,\"ti", StandardCharsets.UTF_8);
    try (AuditLog log = AuditLog.open(file)) {
      assertThat(log.repairedBytes()).isEqualTo(12);
    }
    Map<String, Object> repaired = Json.read(lines().get(0));
    assertThat(repaired.get("seq")).isEqualTo(1L);
    assertThat(repaired.get("prevHash")).isEqualTo(AuditLog.GENESIS);
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(1, null));
  }

  /** Guards that an intact log is continued without a repair record. */
  @Test
  void open_intactLog_repairsNothing() throws IOException {
    try (AuditLog log = AuditLog.open(file)) {
      assertThat(log.repairedBytes()).isZero();
    }
    assertThat(lines()).hasSize(3);
  }

  /**
   * A whole last line that is not an intact record is not what a crash leaves: the log refuses to
   * continue it, names the line and says what to do, and leaves the file as it was.
   */
  @Test
  void open_wholeLastLineThatDoesNotVerify_refusesNamingIt() throws IOException {
    List<String> three = lines();
    String edited = three.get(2).replace("\"refused\"", "\"ok\"");
    String tail = "'scalpel audit verify " + file + "', then move it aside to start a new log";
    String because = "); a crash leaves only a torn line without a line end, so the log was edited or damaged: check it with ";
    Object[][] cases = {
        {List.of(three.get(0), three.get(1), three.get(2), "not json"), "",
            "line 4, its last whole line, is not an intact record (not a JSON record (expected '{' at column 1)"},
        {List.of(three.get(0), three.get(1), edited), "",
            "line 3, its last whole line, is not an intact record (hash does not match the record's content: the record"
                + " was edited; or auditKey= wrote it: give the same key"},
        {List.of(three.get(0), three.get(1), edited), "{\"seq\":4,",
            "line 3, its last whole line, is not an intact record (hash does not match the record's content: the record"
                + " was edited; or auditKey= wrote it: give the same key"},
        {List.of(three.get(0), three.get(1), ""), "",
            "line 3, its last whole line, is not an intact record (not a JSON record (unexpected end at column 1)"},
        {List.of(three.get(0), three.get(1), three.get(2).replace("\"seq\":3", "\"seq\":\"3\"")), "",
            "line 3, its last whole line, is not an intact record (seq 3 where a whole number was expected:"
                + " a record was removed, added or moved"},
    };
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      List<String> lines = (List<String>) c[0];
      String content = String.join("\n", lines) + "\n" + c[1];
      Files.writeString(file, content, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> AuditLog.open(file)).as(content).isInstanceOf(IOException.class)
          .hasMessage("the audit log " + file + " cannot be continued: " + c[2] + because + tail);
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(content);
    }
  }

  /** Guards that a short write (fewer bytes than asked) is continued, never left as a fragment. */
  @Test
  void appendAll_shortWrites_writeWholeRecords() throws IOException {
    FlakyChannel[] channel = new FlakyChannel[1];
    try (AuditLog log = AuditLog.open(file, ChainHash.SHA256, f -> channel[0] = new FlakyChannel(open(f), 7))) {
      log.appendAll(List.of(AuditEvent.of("manifest-applied", "ef".repeat(32), "ok", null),
          AuditEvent.of("agent-started", null, "ok", null)));
    }
    assertThat(channel[0].writes).isGreaterThan(100);
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(5, null));
  }

  /**
   * Guards that a write failing half-way (a full disk) leaves no fragment for the next record to be
   * glued onto, whether the fragment can be cut off at once or only overwritten by the next append.
   */
  @Test
  void appendAll_failedWrite_nextRecordStartsOnItsOwnLine() throws IOException {
    for (boolean truncateFails : new boolean[] {false, true}) {
      long before = Files.size(file);
      FlakyChannel[] channel = new FlakyChannel[1];
      try (AuditLog log = AuditLog.open(file, ChainHash.SHA256, f -> channel[0] = new FlakyChannel(open(f), 64))) {
        channel[0].failAfter(100, truncateFails);
        assertThatThrownBy(() -> log.append(AuditEvent.of("manifest-applied", "ef".repeat(32), "ok", null)))
            .isInstanceOf(IOException.class).hasMessage("No space left on device");
        assertThat(Files.size(file)).as("truncation fails: " + truncateFails).isEqualTo(truncateFails ? before + 100 : before);
        channel[0].heal();
        log.append(AuditEvent.of("agent-started", null, "ok", null));
      }
      List<String> lines = lines();
      assertThat(Json.read(lines.get(lines.size() - 1)).get("event")).isEqualTo("agent-started");
      assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(lines.size(), null));
    }
  }

  /** Guards that one JVM cannot open a log twice: two writers would interleave one chain. */
  @Test
  void open_alreadyOpenInThisJvm_refused() throws IOException {
    try (AuditLog log = AuditLog.open(file)) {
      assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
          .hasMessage("the audit log " + file + " is already open in this JVM; give each log its own file");
      log.append(AuditEvent.of("agent-started", null, "ok", null));
    }
    try (AuditLog log = AuditLog.open(file)) {
      log.append(AuditEvent.of("agent-started", null, "ok", null));
    }
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(5, null));
  }

  /** Guards that a file that cannot be opened for writing is refused with what to do. */
  @Test
  void open_directoryInsteadOfAFile_refusedWithWhatToDo() {
    assertThatThrownBy(() -> AuditLog.open(dir)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot open the audit log " + dir + " for writing (")
        .hasMessageEndingWith("); give a file this user can write with audit=PATH");
  }

  /** Guards that a rotated log (its first records gone) is continued, and verified from its first seq. */
  @Test
  void verify_from_takesTheFirstPrevHashOnTrust() throws IOException {
    List<String> lines = lines();
    write(lines.subList(1, 3));
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(0,
        "line 1: seq 2 where 1 was expected: a record was removed, added or moved"
            + " (if the log was rotated or cut at its start, verify it with --from 2)"));
    assertThat(AuditVerifier.verify(file, ChainHash.SHA256, 2)).isEqualTo(new AuditVerifier.Verdict(2, null));
    assertThat(AuditVerifier.verify(file, ChainHash.SHA256, 3).broken())
        .isEqualTo("line 1: seq 2 where 3 was expected: a record was removed, added or moved"
            + " (if the log was rotated or cut at its start, verify it with --from 2)");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(AuditEvent.of("agent-started", null, "ok", null));
    }
    assertThat(AuditVerifier.verify(file, ChainHash.SHA256, 2)).isEqualTo(new AuditVerifier.Verdict(3, null));
    List<String> edited = lines();
    edited.set(0, edited.get(0).replace("\"ok\"", "\"no\""));
    write(edited);
    assertThat(AuditVerifier.verify(file, ChainHash.SHA256, 2).broken())
        .isEqualTo("line 1: hash does not match the record's content: the record was edited"
            + " (or the log was written with auditKey=: verify it with --key)");
  }

  /** Guards that verify reports a torn last line as torn, not as an edit. */
  @Test
  void verify_tornLastLine_isNamedTorn() throws IOException {
    Files.writeString(file, "{\"seq\":4", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(3,
        "line 4: torn: it has no line end, as a crash while it was written leaves it;"
            + " the agent drops it and records audit-repaired when it next opens the log"));
  }

  private static FileChannel open(Path f) throws IOException {
    return FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** Guards that a log keeps the chain it started with: a key added later, or a different key, is refused. */
  @Test
  void open_otherChainThanTheLogs_refused() throws IOException {
    ChainHash key = ChainHash.hmac(new byte[] {1, 2, 3});
    String because = "); a crash leaves only a torn line without a line end, so the log was edited or damaged: check it"
        + " with 'scalpel audit verify " + file + "', then move it aside to start a new log";
    assertThatThrownBy(() -> AuditLog.open(file, key)).isInstanceOf(IOException.class)
        .hasMessage("the audit log " + file + " cannot be continued: line 3, its last whole line, is not an intact record"
            + " (hash does not match the record's content: the record was edited; it was written without auditKey=:"
            + " a log keeps the chain it started with" + because);

    Path keyed = dir.resolve("keyed.jsonl");
    try (AuditLog log = AuditLog.open(keyed, key)) {
      log.append(AuditEvent.of("agent-started", null, "ok", null));
    }
    assertThatThrownBy(() -> AuditLog.open(keyed, ChainHash.hmac(new byte[] {9}))).isInstanceOf(IOException.class)
        .hasMessageContaining("(hash does not match the record's content: the record was edited; or another auditKey wrote it)");
    try (AuditLog log = AuditLog.open(keyed, key)) {
      log.append(AuditEvent.of("agent-started", null, "ok", null));
    }
    assertThat(AuditVerifier.verify(keyed, key, 1)).isEqualTo(new AuditVerifier.Verdict(2, null));
  }

  /** Guards the backward read of the log's end: a last record longer than a read chunk, torn or whole, is found whole. */
  @Test
  void open_lastRecordLongerThanAChunk_isContinued() throws IOException {
    try (AuditLog log = AuditLog.open(file)) {
      log.append(AuditEvent.of("manifest-rejected", "cd".repeat(32), "refused", "x".repeat(200_000)));
    }
    String whole = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, whole + "{\"seq\":5," + "y".repeat(100_000), StandardCharsets.UTF_8);
    try (AuditLog log = AuditLog.open(file)) {
      assertThat(log.repairedBytes()).isEqualTo(100_009);
      log.append(AuditEvent.of("agent-started", null, "ok", null));
    }
    assertThat(Json.read(lines().get(4)).get("error"))
        .isEqualTo("dropped line 5, torn: its 100009 bytes had no line end, as a crash while writing it leaves them");
    assertThat(AuditVerifier.verify(file)).isEqualTo(new AuditVerifier.Verdict(6, null));
  }

  /** Guards the bound on what open reads into memory: a last line over 1 MiB is refused, not read. */
  @Test
  void open_lastLineOverTheBound_refused() throws IOException {
    Files.writeString(file, "z".repeat(Lines.MAX_LINE + 1) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("cannot be continued: line 4, its last whole line, is not an intact record (longer than "
            + Lines.MAX_LINE + " bytes: not an audit record)");
  }
}
