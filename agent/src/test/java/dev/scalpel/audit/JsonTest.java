package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class JsonTest {

  @Test
  void write_read_roundTrip() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", 12L);
    m.put("text", "quote \" back \\ nl \n tab \t ctl \u0001 é");
    m.put("none", null);
    String text = Json.write(m);
    assertThat(text).isEqualTo("{\"seq\":12,\"text\":\"quote \\\" back \\\\ nl \\n tab \\t ctl \\u0001 é\",\"none\":null}");
    assertThat(Json.read(text)).isEqualTo(m);
    assertThat(Json.write(Json.read(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'{\"a\":1,\"a\":2}'|duplicate key \"a\" at column 13",
      "'{\"a\":tru}'|expected a string, a whole number or null at column 6",
      "'{\"a\":\"x}'|unterminated string at column 9",
      "'{\"a\":1} x'|text after the object at column 9",
      "'[1]'|expected '{' at column 1",
      "''|unexpected end at column 1",
  })
  void read_invalid(String text, String message) {
    assertThatThrownBy(() -> Json.read(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
