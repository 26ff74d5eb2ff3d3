package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tests' own JSON reader, and the status object read with it. */
final class JsonTest {

  /** Guards that an audit record reads with its types: text, whole numbers, null, in order. */
  @Test
  void read_auditRecord() {
    Map<String, Object> record = Json.readObject(
        "{\"seq\":12,\"event\":\"manifest-rejected\",\"patchId\":null,\"error\":\"a:1:2: bad\\nb \\u00e9\\\"\",\"ok\":true}");

    assertEquals(List.of("seq", "event", "patchId", "error", "ok"), List.copyOf(record.keySet()));
    assertEquals(12L, record.get("seq"));
    assertEquals(null, record.get("patchId"));
    assertEquals("a:1:2: bad\nb \u00e9\"", record.get("error"));
    assertEquals(true, record.get("ok"));
  }

  /** Guards nesting and numbers that are not whole or not a long. */
  @Test
  void read_nestedAndNumbers() {
    Object value = Json.read(" [ {}, [], -0.5, 1e3, 92233720368547758070 ] ");

    assertEquals(Arrays.asList(Map.of(), List.of(), new BigDecimal("-0.5"), new BigDecimal("1e3"),
        new BigDecimal("92233720368547758070")), value);
  }

  /** Guards that what is not exactly one JSON value is refused, each with where it stops being JSON. */
  @Test
  void read_invalid() {
    Map<String, String> invalid = new HashMap<>();
    invalid.put("", "a value expected");
    invalid.put("{\"a\":1,}", "a member name expected");
    invalid.put("{\"a\":1 \"b\":2}", "'}' expected");
    invalid.put("{\"a\":1,\"a\":2}", "member 'a' repeated");
    invalid.put("[1 2]", "']' expected");
    invalid.put("\"open", "unterminated string");
    invalid.put("\"a\tb\"", "control character in a string");
    invalid.put("\"\\x\"", "bad escape \\x");
    invalid.put("01", "a value expected");
    invalid.put("nul", "'null' expected");
    invalid.put("{} {}", "text after the JSON value");
    for (Map.Entry<String, String> c : invalid.entrySet()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.read(c.getKey()), c.getKey());
      assertTrue(e.getMessage().contains(": " + c.getValue() + " in: "), c.getKey() + " -> " + e.getMessage());
    }
  }

  /** Guards the reading of {@code status --json}: contract fields read, later additions ignored. */
  @Test
  void agentStatus_parse() {
    AgentStatus status = AgentStatus.parse("{\"agent\":\"1.0\",\"manifest\":{\"path\":\"/m.yaml\",\"sha256\":\"ab\"},"
        + "\"patches\":[{\"id\":\"P-1\",\"state\":\"active\",\"target\":\"a.B#c()\",\"calls\":{\"fixed\":3,\"original\":0},"
        + "\"errors\":{\"fixed\":0,\"original\":null},\"failure\":null,\"later\":[1]}],\"later\":{}}");

    assertEquals("1.0", status.agent());
    assertEquals("/m.yaml", status.manifestPath());
    assertEquals("ab", status.manifestSha256());
    assertEquals(List.of(new AgentStatus.PatchStatus("P-1", "active", "a.B#c()", 3L, 0L)), status.patches());
    assertEquals(List.of("P-1 active"), status.states());
  }

  /** Guards that a status without a field of the contract is refused, naming the field. */
  @Test
  void agentStatus_missingField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentStatus.parse(
        "{\"agent\":\"1.0\",\"manifest\":{\"path\":null,\"sha256\":null},\"patches\":[{\"id\":\"P-1\",\"state\":\"active\","
            + "\"target\":\"a.B#c()\",\"errors\":{}}]}"));

    assertTrue(e.getMessage().startsWith("no field 'calls'"), e.getMessage());
  }
}
