package dev.scalpel.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * The rows of the table-driven tests ({@code @TestFactory} methods): each row is one named
 * {@link DynamicTest} that compares an exact expected value, so that a failing row names itself.
 */
final class TableRow {

  private TableRow() {}

  /** A row that passes when {@code actual} gives exactly {@code expected}. */
  static DynamicTest expecting(String name, Object expected, ThrowingSupplier<?> actual) {
    return DynamicTest.dynamicTest(name, () -> assertEquals(expected, actual.get(), name));
  }

  /** A row that passes when {@code parse} is refused with a {@link ManifestException} whose message is exactly {@code expected}. */
  static DynamicTest refused(String name, String expected, Executable parse) {
    return DynamicTest.dynamicTest(name, () -> {
      ManifestException refusal = assertThrows(ManifestException.class, parse, name);

      assertEquals(expected, refusal.getMessage(), name);
    });
  }
}
