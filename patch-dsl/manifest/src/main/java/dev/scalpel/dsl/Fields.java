package dev.scalpel.dsl;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entries of one map (the manifest's or a patch's) by key, after reporting the keys that do
 * not belong there and the keys written twice.
 */
final class Fields {

  private final Map<Key, Value.Entry> entries = new EnumMap<>(Key.class);

  private Fields() {}

  /**
   * The known keys of {@code map}; each unknown or repeated key is reported, with the nearest known
   * key when one is close, and only its first occurrence is kept.
   */
  static Fields of(Value.Mapping map, Set<Key> allowed, Problems.Report report) {
    Fields fields = new Fields();
    for (Value.Entry entry : map.entries()) {
      Optional<Key> key = Key.of(entry.key());
      if (key.isEmpty() || !allowed.contains(key.get())) {
        report.add(entry.keyLocation(), unknown(entry.key(), allowed));
        continue;
      }
      Value.Entry first = fields.entries.putIfAbsent(key.get(), entry);
      if (first != null) {
        report.add(entry.keyLocation(), "duplicate key '" + key.get() + "' (first at line "
            + first.keyLocation().line() + "); keep one of them");
      }
    }
    return fields;
  }

  private static String unknown(String spelling, Set<Key> allowed) {
    String message = "unknown key " + Echo.quoted(spelling);
    Optional<Key> misplaced = Key.of(spelling);
    if (misplaced.isPresent() && (Key.AUTO_ROLLBACK_RULES.contains(misplaced.get())
        || Key.PROGRESS_KEYS.contains(misplaced.get()))) {
      return message + " here; '" + spelling + "' belongs indented under "
          + (Key.PROGRESS_KEYS.contains(misplaced.get()) ? Key.PROGRESS : Key.AUTO_ROLLBACK) + ":";
    }
    if (misplaced.isPresent() && !allowed.contains(Key.ID) && !allowed.contains(Key.SCALPEL)) {
      return message + " here; '" + spelling + "' belongs in the patch itself, not indented under "
          + (allowed.contains(Key.STEPS) ? Key.PROGRESS : Key.AUTO_ROLLBACK) + ":";
    }
    if (misplaced.isPresent()) {
      return message + (Key.TOP_LEVEL.contains(misplaced.get())
          ? " inside a patch; '" + spelling + "' belongs at the top level, unindented"
          : " at the top level; '" + spelling + "' belongs inside a patch, under patches: - id: ...");
    }
    return message + Key.nearest(spelling, allowed).map(near -> "; did you mean '" + near + "'?").orElseGet(
        () -> "; the keys here are " + allowed.stream().map(Key::spelling).collect(Collectors.joining(", ")));
  }

  /** The entry of {@code key}, if the map has it. */
  Optional<Value.Entry> entry(Key key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Whether the map has {@code key}. */
  boolean has(Key key) {
    return entries.containsKey(key);
  }
}
