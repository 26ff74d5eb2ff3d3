package dev.scalpel.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of audit records: flat objects whose values are strings, whole numbers or
 * {@code null}. Writing is canonical (keys in the given order, no white space, the shortest
 * escapes), so a record's hash can be recomputed from its parsed fields.
 */
public final class Json {

  private Json() {}

  /** The canonical text of a flat object. */
  static String write(Map<String, Object> fields) {
    StringBuilder out = new StringBuilder("{");
    String sep = "";
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      out.append(sep);
      string(out, e.getKey());
      out.append(':');
      Object v = e.getValue();
      if (v == null) {
        out.append("null");
      } else if (v instanceof Long || v instanceof Integer) {
        out.append(v);
      } else {
        string(out, v.toString());
      }
      sep = ",";
    }
    return out.append('}').toString();
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    string(out, s);
    return out.toString();
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Parses a flat object, keeping its key order.
   *
   * @throws IllegalArgumentException saying where the text stops being such an object
   */
  static Map<String, Object> read(String text) {
    return new Reader(text).object();
  }

  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> fields = new LinkedHashMap<>();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        i++;
      } else {
        do {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          skipSpace();
          if (fields.put(key, value()) != null) {
            throw error("duplicate key \"" + key + "\"");
          }
          skipSpace();
        } while (tryConsume(','));
        expect('}');
      }
      skipSpace();
      if (i != s.length()) {
        throw error("text after the object");
      }
      return fields;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      int start = i;
      if (c == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || (i == start + 1 && c == '-')) {
        throw error("expected a string, a whole number or null");
      }
      try {
        return Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw error("number out of range");
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("short \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            i += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(i);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private boolean tryConsume(char c) {
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at column " + (i + 1));
    }
  }
}
