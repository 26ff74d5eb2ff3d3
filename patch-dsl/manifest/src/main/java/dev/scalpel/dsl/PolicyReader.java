package dev.scalpel.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a policy file's tree and turns it into a {@link Policy}: the one place where its syntax lives. */
final class PolicyReader {

  static final String VERSION_KEY = "scalpel-policy";
  private static final List<String> TOP_LEVEL =
      List.of(VERSION_KEY, "require", "maxExpiry", "fourEyes", "actions", "targets");
  private static final List<String> TARGETS = List.of("allow", "deny");
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([dhm])");

  private final Problems.Report report;

  private PolicyReader(Problems.Report report) {
    this.report = report;
  }

  /**
   * The policy of {@code document}.
   *
   * @throws ManifestException listing everything wrong with it, together with what {@code problems} already holds
   */
  static Policy read(Optional<Value> document, Problems problems, String file) {
    Value root = document.orElse(null);
    PolicyReader reader = new PolicyReader(problems.in(""));
    if (!(root instanceof Value.Mapping map)) {
      boolean empty = root == null || (root instanceof Value.Scalar scalar && scalar.isAbsent());
      reader.report.add(root == null ? problems.at(1, 1) : root.location(), empty
          ? "the policy is empty; write scalpel-policy: 1, then the rules under it"
          : "a policy is a map of rules such as scalpel-policy: 1 and require: [ticket], not " + root.describe());
      throw problems.rejection(null);
    }
    Map<String, Value.Entry> fields = reader.fields(map, TOP_LEVEL, "of a policy");
    if (!fields.containsKey(VERSION_KEY)) {
      reader.report.add(map.location(), "the policy has no format version; add scalpel-policy: 1 as its first line");
    } else {
      reader.scalar(fields.get(VERSION_KEY), "scalpel-policy: 1", PolicyReader::version);
    }
    Set<String> require = reader.names(fields.get("require"), "require: [ticket, author, approvedBy, expires]",
        Policy.REQUIRABLE, "key", "keys a policy can require").orElse(Set.of());
    Optional<Duration> maxExpiry = reader.scalar(fields.get("maxExpiry"), "maxExpiry: 14d", PolicyReader::duration);
    boolean fourEyes = reader.scalar(fields.get("fourEyes"), "fourEyes: true", PolicyReader::bool).orElse(false);
    Optional<Set<String>> actions = reader.names(fields.get("actions"), "actions: [fix, returns, throws, skip]",
        Policy.ACTIONS, "action", "actions");
    Optional<List<String>> allow = Optional.empty();
    List<String> deny = List.of();
    Value.Entry targets = fields.get("targets");
    if (targets != null && reader.isMap(targets, "targets: {allow: [\"com.acme.*\"], deny: [\"java.*\"]}")) {
      Map<String, Value.Entry> globs = reader.fields((Value.Mapping) targets.value(), TARGETS, "under targets");
      allow = reader.globs(globs.get("allow"), "allow: [\"com.acme.*\"]");
      deny = reader.globs(globs.get("deny"), "deny: [\"java.*\"]").orElse(List.of());
    }
    problems.throwIfAny();
    return new Policy(file, require, maxExpiry, fourEyes, actions, allow, deny);
  }

  /** The entries of {@code map} by key, after reporting unknown and repeated keys. */
  private Map<String, Value.Entry> fields(Value.Mapping map, List<String> allowed, String where) {
    Map<String, Value.Entry> fields = new LinkedHashMap<>();
    for (Value.Entry entry : map.entries()) {
      if (!allowed.contains(entry.key())) {
        report.add(entry.keyLocation(), "unknown key " + Echo.quoted(entry.key()) + nearest(entry.key(), allowed)
            .map(near -> "; did you mean '" + near + "'?")
            .orElseGet(() -> "; the keys " + where + " are " + String.join(", ", allowed)));
        continue;
      }
      Value.Entry first = fields.putIfAbsent(entry.key(), entry);
      if (first != null) {
        report.add(entry.keyLocation(), "duplicate key '" + entry.key() + "' (first at line "
            + first.keyLocation().line() + "); keep one of them");
      }
    }
    return fields;
  }

  private <T> Optional<T> scalar(Value.Entry entry, String example, Function<Value.Scalar, T> parse) {
    if (entry == null) {
      return Optional.empty();
    }
    Value value = entry.value();
    if (!(value instanceof Value.Scalar scalar)) {
      report.add(value.location(), entry.key() + " takes a single value, not " + value.describe() + "; write " + example);
    } else if (scalar.isAbsent()) {
      report.add(entry.keyLocation(), entry.key() + " has no value; write " + example);
    } else {
      try {
        return Optional.of(parse.apply(scalar));
      } catch (Invalid e) {
        report.add(scalar.location(), e.getMessage() + "; write " + example);
      }
    }
    return Optional.empty();
  }

  private Optional<List<Value.Scalar>> list(Value.Entry entry, String example) {
    if (entry == null) {
      return Optional.empty();
    }
    Value value = entry.value();
    if (value instanceof Value.Scalar scalar && scalar.isAbsent()) {
      report.add(entry.keyLocation(), entry.key() + " has no value; write " + example);
      return Optional.empty();
    }
    if (!(value instanceof Value.Sequence sequence)) {
      report.add(value.location(), entry.key() + " takes a list, not " + value.describe() + "; write " + example);
      return Optional.empty();
    }
    if (sequence.items().isEmpty()) {
      report.add(value.location(), entry.key() + " is an empty list, which no patch could meet; list at least one,"
          + " or remove " + entry.key() + " to leave it unlimited");
      return Optional.empty();
    }
    List<Value.Scalar> items = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Value item : sequence.items()) {
      if (!(item instanceof Value.Scalar scalar) || scalar.kind() != Constant.Kind.STRING) {
        report.add(item.location(), entry.key() + " lists names, not " + item.describe() + "; write " + example);
      } else if (!seen.add(scalar.text())) {
        report.add(item.location(), entry.key() + " lists " + Echo.quoted(scalar.text()) + " twice; keep one");
      } else {
        items.add(scalar);
      }
    }
    return Optional.of(items);
  }

  private Optional<Set<String>> names(Value.Entry entry, String example, List<String> known, String what,
      String plural) {
    return list(entry, example).map(items -> {
      Set<String> names = new LinkedHashSet<>();
      for (Value.Scalar item : items) {
        if (known.contains(item.text())) {
          names.add(item.text());
        } else {
          report.add(item.location(), "unknown " + what + " " + Echo.quoted(item.text()) + " in " + entry.key()
              + nearest(item.text(), known).map(near -> "; did you mean '" + near + "'?").orElse("")
              + "; the " + plural + " are " + String.join(", ", known));
        }
      }
      return names;
    });
  }

  private Optional<List<String>> globs(Value.Entry entry, String example) {
    return list(entry, example).map(items -> {
      List<String> globs = new ArrayList<>();
      for (Value.Scalar item : items) {
        try {
          globs.add(TargetGlob.parse(item.text()).text());
        } catch (Invalid e) {
          report.add(item.location(), e.getMessage());
        }
      }
      return globs;
    });
  }

  private boolean isMap(Value.Entry entry, String example) {
    if (entry.value() instanceof Value.Mapping) {
      return true;
    }
    if (entry.value() instanceof Value.Scalar scalar && scalar.isAbsent()) {
      report.add(entry.keyLocation(), entry.key() + " has no value; write " + example);
    } else {
      report.add(entry.value().location(), entry.key() + " takes a map with allow and deny, not "
          + entry.value().describe() + "; write " + example);
    }
    return false;
  }

  private static int version(Value.Scalar scalar) {
    if (scalar.kind() == Constant.Kind.INTEGER && scalar.text().equals("1")) {
      return 1;
    }
    throw new Invalid(scalar.kind() == Constant.Kind.INTEGER
        ? "policy version " + Echo.quoted(scalar.text()) + " is not one this Scalpel reads"
        : "scalpel-policy is the policy format version, a number, not " + scalar.describe());
  }

  private static Duration duration(Value.Scalar scalar) {
    Matcher m = DURATION.matcher(scalar.text());
    if (!m.matches()) {
      throw new Invalid("maxExpiry " + Echo.quoted(scalar.text()) + " is not a duration"
          + (scalar.kind() == Constant.Kind.INTEGER ? " (it has no unit)" : "")
          + ": write a whole number from 1 to 999999 followed by d (days), h (hours) or m (minutes)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static boolean bool(Value.Scalar scalar) {
    if (scalar.kind() == Constant.Kind.BOOLEAN) {
      return Boolean.parseBoolean(scalar.text().toLowerCase(Locale.ROOT));
    }
    throw new Invalid("fourEyes takes true or false, not " + scalar.describe());
  }

  private static Optional<String> nearest(String typed, List<String> known) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int distance = Key.distance(lower, name.toLowerCase(Locale.ROOT));
      if (distance <= (name.length() <= 3 ? 1 : 2) && distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }
}
