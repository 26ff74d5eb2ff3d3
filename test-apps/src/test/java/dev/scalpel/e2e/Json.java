package dev.scalpel.e2e;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of one JSON value (RFC 8259), for what the agent prints ({@code status --json})
 * and writes (audit records). The tests read the agent's output with their own reader, so that
 * the agent's writer and reader cannot agree on a mistake. Objects become insertion-ordered maps,
 * arrays lists, numbers {@link Long} when whole and in range (else {@link BigDecimal}), and
 * {@code null} is {@code null}.
 */
final class Json {

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Reads {@code text}, which must hold exactly one JSON value and nothing else but whitespace.
   *
   * @throws IllegalArgumentException saying where the text stops being JSON
   */
  static Object read(String text) {
    Json json = new Json(text);
    Object value = json.value();
    json.skipWhitespace();
    if (json.at != text.length()) {
      throw json.error("text after the JSON value");
    }
    return value;
  }

  /** Reads {@code text} as a JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(String text) {
    Object value = read(text);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object: " + text);
    }
    return (Map<String, Object>) value;
  }

  private Object value() {
    skipWhitespace();
    if (at >= text.length()) {
      throw error("a value expected");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> object = new LinkedHashMap<>();
    at++;
    skipWhitespace();
    if (peek('}')) {
      at++;
      return Map.of();
    }
    while (true) {
      skipWhitespace();
      if (!peek('"')) {
        throw error("a member name expected");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      if (object.containsKey(name)) {
        throw error("member '" + name + "' repeated");
      }
      object.put(name, value());
      skipWhitespace();
      if (peek(',')) {
        at++;
      } else {
        expect('}');
        return Collections.unmodifiableMap(object);
      }
    }
  }

  private List<Object> array() {
    List<Object> array = new ArrayList<>();
    at++;
    skipWhitespace();
    if (peek(']')) {
      at++;
      return List.of();
    }
    while (true) {
      array.add(value());
      skipWhitespace();
      if (peek(',')) {
        at++;
      } else {
        expect(']');
        return Collections.unmodifiableList(array);
      }
    }
  }

  private String string() {
    StringBuilder s = new StringBuilder();
    at++;
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return s.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          at += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("'" + word + "' expected");
    }
    at += word.length();
    return value;
  }

  private Object number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String literal = text.substring(start, at);
    if (!literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      at = start;
      throw error("a value expected");
    }
    BigDecimal number = new BigDecimal(literal);
    if (literal.matches("-?[0-9]+")) {
      try {
        return number.longValueExact();
      } catch (ArithmeticException outOfRange) {
        return number;
      }
    }
    return number;
  }

  private void skipWhitespace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("'" + c + "' expected");
    }
    at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not JSON at offset " + at + ": " + what + " in: " + text);
  }
}
