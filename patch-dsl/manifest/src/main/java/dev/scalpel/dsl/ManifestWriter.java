package dev.scalpel.dsl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The canonical form of a manifest: one YAML text per manifest, whatever comments, key order,
 * quoting and whitespace its source had, and the hash of that text.
 *
 * <p>The canonical text has the top-level keys, then the patches in manifest order, each with its
 * keys in the contract's order; every string double-quoted; defaults ({@code rollout: 100%},
 * {@code mode: active}, {@code minCalls: 100}, {@code window: 60s}) and absent optional keys left out, so that a future key with a default
 * does not change the hash of manifests that do not use it.
 */
public final class ManifestWriter {

  private ManifestWriter() {}

  /**
   * The canonical YAML text of {@code manifest}. For any manifest that {@link ManifestParser} or
   * {@link Manifest#builder()} produced, {@code ManifestParser.parse(name, canonicalYaml(m))}
   * equals {@code m}. A manifest assembled from the records directly is written as it is, without
   * validation, and may not read back.
   */
  public static String canonicalYaml(Manifest manifest) {
    StringBuilder out = new StringBuilder();
    out.append(Key.SCALPEL).append(": ").append(manifest.version()).append('\n');
    out.append(Key.PATCHES).append(':').append(manifest.patches().isEmpty() ? " []\n" : "\n");
    for (Patch patch : manifest.patches()) {
      write(out, patch);
    }
    return out.toString();
  }

  /**
   * The lower-case hex SHA-256 of the UTF-8 bytes of {@link #canonicalYaml}: equal manifests have
   * the same hash, whatever their source looked like.
   */
  public static String sha256(Manifest manifest) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonicalYaml(manifest).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256, but this one does not", e);
    }
  }

  private static void write(StringBuilder out, Patch patch) {
    out.append("  - ").append(Key.ID).append(": ").append(quote(patch.id())).append('\n');
    string(out, Key.TARGET, patch.target().toString());
    if (patch.action() instanceof Action.Fix fix) {
      string(out, Key.FIX, fix.method().toString());
      string(out, Key.JAR, fix.jar());
      string(out, Key.SHA256, fix.sha256());
    } else if (patch.action() instanceof Action.Returns returns) {
      Constant value = returns.value();
      String text = value.kind() == Constant.Kind.STRING ? quote(value.text()) : value.text();
      key(out, Key.RETURNS).append(text).append('\n');
    } else if (patch.action() instanceof Action.Throws thrown) {
      string(out, Key.THROWS, thrown.exceptionClass());
      optional(out, Key.MESSAGE, thrown.message());
    } else {
      key(out, Key.SKIP).append("true\n");
    }
    if (patch.when().isPresent()) {
      string(out, Key.WHEN, patch.when().get().toString());
    }
    if (!patch.rollout().isFull()) {
      string(out, Key.ROLLOUT, patch.rollout().toString());
    }
    if (patch.stickyBy().isPresent()) {
      string(out, Key.STICKY_BY, "arg" + patch.stickyBy().getAsInt());
    }
    if (patch.mode() != Mode.ACTIVE) {
      string(out, Key.MODE, patch.mode().spelling());
    }
    Governance governance = patch.governance();
    optional(out, Key.TICKET, governance.ticket());
    optional(out, Key.AUTHOR, governance.author());
    optional(out, Key.REASON, governance.reason());
    optional(out, Key.APPROVED_BY, governance.approvedBy());
    if (governance.expires().isPresent()) {
      string(out, Key.EXPIRES, governance.expires().get().toString());
    }
    if (patch.autoRollback().isPresent()) {
      AutoRollback rules = patch.autoRollback().get();
      key(out, Key.AUTO_ROLLBACK).setLength(out.length() - 1);
      out.append('\n');
      if (rules.maxErrorRate().isPresent()) {
        rule(out, Key.MAX_ERROR_RATE, quote(new Rollout(rules.maxErrorRate().getAsInt()).toString()));
      }
      if (rules.maxLatency().isPresent()) {
        rule(out, Key.MAX_LATENCY, quote(rules.maxLatency().get().toString()));
      }
      if (rules.minCalls() != AutoRollback.DEFAULT_MIN_CALLS) {
        rule(out, Key.MIN_CALLS, Integer.toString(rules.minCalls()));
      }
      if (!rules.window().equals(AutoRollback.DEFAULT_WINDOW)) {
        rule(out, Key.WINDOW, quote(Durations.format(rules.window())));
      }
    }
    if (patch.progress().isPresent()) {
      Progress progress = patch.progress().get();
      key(out, Key.PROGRESS).setLength(out.length() - 1);
      out.append('\n');
      StringBuilder steps = new StringBuilder("[");
      for (Rollout step : progress.steps()) {
        steps.append(steps.length() == 1 ? "" : ", ").append(quote(step.toString()));
      }
      rule(out, Key.STEPS, steps.append(']').toString());
      rule(out, Key.EVERY, quote(Durations.format(progress.every())));
    }
  }

  private static void rule(StringBuilder out, Key key, String text) {
    out.append("      ").append(key).append(": ").append(text).append('\n');
  }

  private static StringBuilder key(StringBuilder out, Key key) {
    return out.append("    ").append(key).append(": ");
  }

  private static void string(StringBuilder out, Key key, String value) {
    key(out, key).append(quote(value)).append('\n');
  }

  private static void optional(StringBuilder out, Key key, Optional<String> value) {
    if (value.isPresent()) {
      string(out, key, value.get());
    }
  }

  /** A YAML double-quoted scalar that reads back as {@code text}, on one line and printable. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      int c = text.codePointAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (printable(c)) {
            out.appendCodePoint(c);
          } else {
            escape(out, c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The YAML escape of a code point that is not printable: a backslash, u and four upper-case hex digits (they are all in the BMP). */
  private static void escape(StringBuilder out, int c) {
    String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
    out.append("\\u").append("0000", 0, Math.max(0, 4 - hex.length())).append(hex);
  }

  /** Whether YAML reads {@code c} unchanged inside double quotes: printable, not a line break, not a BOM. */
  private static boolean printable(int c) {
    return (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
