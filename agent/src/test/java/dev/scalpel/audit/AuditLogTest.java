package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void open_garbageAtTheEnd_refusesToChain() throws IOException {
    List<String> lines = lines();
    lines.add("not json");
    write(lines);
    assertThatThrownBy(() -> AuditLog.open(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("ends in a line that is not an audit record");
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
}
