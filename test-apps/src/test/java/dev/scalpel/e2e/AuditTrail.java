package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An audit log (CONTRACT.md section 4) that a running agent appends to, read by a test step by
 * step: each step says which records its change must have appended, waits for them, and checks
 * that they are exactly those. A record nobody expected shows up in the next step's check.
 */
final class AuditTrail {

  /**
   * One record.
   *
   * @param line   its line number in the file, from 1
   * @param fields its fields, as written
   */
  record Entry(int line, Map<String, Object> fields) {

    String event() {
      return (String) fields.get("event");
    }

    String patchId() {
      return (String) fields.get("patchId");
    }

    String outcome() {
      return (String) fields.get("outcome");
    }

    String error() {
      return (String) fields.get("error");
    }

    String manifestSha256() {
      return (String) fields.get("manifestSha256");
    }

    /** {@code "EVENT [PATCH_ID] OUTCOME"}, for example {@code "patch-activated PRICE-2 active"}. */
    String summary() {
      return event() + (patchId() == null ? "" : " " + patchId()) + " " + outcome();
    }
  }

  private final Path file;
  private int checked;

  /** The log at {@code file}, which may not exist yet; no record is checked yet. */
  AuditTrail(Path file) {
    this.file = file;
  }

  /** The log's file. */
  Path file() {
    return file;
  }

  /**
   * Every complete record in the file now: a last line still being written (no line end yet) is
   * left for the next read.
   */
  List<Entry> entries() {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the audit log " + file, e);
    }
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      try {
        entries.add(new Entry(i + 1, Json.readObject(lines[i])));
      } catch (IllegalArgumentException e) {
        throw new AssertionError(file + ":" + (i + 1) + " is not an audit record: " + e.getMessage(), e);
      }
    }
    return entries;
  }

  /**
   * Waits, while {@code app} runs, until the log holds {@code expected.length} records after the
   * ones checked so far, asserts that their summaries ({@link Entry#summary()}) are exactly
   * {@code expected}, in order, and counts them as checked.
   *
   * @return those records
   */
  List<Entry> expectNext(RunningJvm app, String... expected) {
    int end = checked + expected.length;
    app.await("the audit log holds " + end + " records", () -> entries().size() >= end, this::describe);
    List<Entry> next = entries().subList(checked, end);
    assertEquals(Arrays.asList(expected), next.stream().map(Entry::summary).toList(),
        () -> "the records after the first " + checked + "\n" + describe());
    checked = end;
    return next;
  }

  /** Asserts that no record was appended after the ones checked so far. */
  void assertNoMore() {
    assertEquals(checked, entries().size(), () -> "records after the first " + checked + "\n" + describe());
  }

  /** The whole log, for failure messages. */
  String describe() {
    StringBuilder text = new StringBuilder("--- audit log " + file + " ---\n");
    for (Entry e : entries()) {
      text.append(e.line()).append(": ").append(e.summary())
          .append(e.error() == null ? "" : " (" + e.error().replace("\n", " | ") + ")").append('\n');
    }
    return text.append("--- end ---").toString();
  }
}
