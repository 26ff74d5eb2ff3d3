package dev.scalpel.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Reads and checks one entry of {@code patches:}, reporting every problem it has. It runs before
 * the application's {@code main} when the agent starts with it, so it spins no lambda: each would
 * be a class of its own defined at run time.
 */
final class PatchReader {

  /**
   * What one entry yielded.
   *
   * @param id     its id, if valid: checked across patches for duplicates
   * @param at     where the id is written, or where the patch starts when it has none
   * @param target its target, if valid: checked across patches for overlaps
   * @param patch  the patch, if the entry has no problem at all
   * @param keys   where each key is written, first occurrence only
   */
  record Read(Optional<String> id, Location at, Optional<Located<Target>> target, Optional<Patch> patch,
      Map<String, Location> keys) {}

  /** A value and where it is written. */
  record Located<T>(T value, Location at) {}

  private final Value.Mapping map;
  private final Problems.Report report;
  private final Problems.Report failing = new Problems.Report() {
    @Override
    public void add(Location at, String message) {
      problem(at, message);
    }
  };
  private final Fields fields;
  private boolean failed;

  private PatchReader(Value.Mapping map, Problems.Report report) {
    this.map = map;
    this.report = report;
    this.fields = Fields.of(map, Key.PATCH, failing);
  }

  /** Reads one item of the {@code patches:} list; empty if it is not even a map. */
  static Optional<Read> read(Value item, Problems problems) {
    if (!(item instanceof Value.Mapping map)) {
      problems.add(item.location(), "", "each patch is a map of keys such as id, target and an action; found "
          + item.describe() + "; write - id: PRICE-1432 and the patch's other keys under it");
      return Optional.empty();
    }
    Value.Entry idEntry = null;
    for (Value.Entry e : map.entries()) {
      if (e.key().equals(Key.ID.spelling())) {
        idEntry = e;
        break;
      }
    }
    Optional<String> id = Optional.empty();
    Location at = map.location();
    if (idEntry == null) {
      problems.add(map.location(), "", "patch has no id; write " + Key.ID.example());
    } else {
      Optional<Object> parsed = parse(Key.ID, idEntry, problems.in(""), new Syntax(Key.ID));
      id = parsed.isPresent() ? Optional.of((String) parsed.get()) : Optional.empty();
      at = idEntry.value().location();
    }
    PatchReader reader = new PatchReader(map, problems.in(id.orElse("")));
    reader.failed |= id.isEmpty();
    return Optional.of(reader.read(id, at));
  }

  /**
   * The value of {@code entry} as {@code parse} reads it, or empty after reporting why not: it is
   * a list or a map, it is empty, it is null (only {@code returns} takes null), or it does not parse.
   */
  static <T> Optional<T> parse(Key key, Value.Entry entry, Problems.Report report, Function<Value.Scalar, T> parse) {
    Value value = entry.value();
    if (!(value instanceof Value.Scalar scalar)) {
      report.add(value.location(), key + " takes a single value, not " + value.describe() + "; write " + key.example());
    } else if (scalar.isAbsent()) {
      report.add(entry.keyLocation(), key + " has no value; write " + key.example());
    } else if (scalar.kind() == Constant.Kind.NULL && key != Key.RETURNS) {
      report.add(scalar.location(), key + " is null; write " + key.example() + ", or remove the key");
    } else {
      try {
        return Optional.of(parse.apply(scalar));
      } catch (Invalid e) {
        report.add(scalar.location(), e.getMessage());
      }
    }
    return Optional.empty();
  }

  private Read read(Optional<String> id, Location at) {
    Optional<Located<Target>> target = value(Key.TARGET);
    if (!fields.has(Key.TARGET)) {
      problem(map.location(), "patch has no target; write " + Key.TARGET.example());
    }
    Optional<MethodRef> fix = value(Key.FIX);
    Optional<String> jar = value(Key.JAR);
    Optional<String> sha256 = value(Key.SHA256);
    Optional<Constant> returns = value(Key.RETURNS);
    Optional<String> thrown = value(Key.THROWS);
    Optional<String> message = value(Key.MESSAGE);
    value(Key.SKIP);
    Optional<MethodRef> when = value(Key.WHEN);
    Optional<Rollout> rollout = value(Key.ROLLOUT);
    Optional<Integer> stickyBy = value(Key.STICKY_BY);
    Optional<Mode> mode = value(Key.MODE);
    Governance governance = new Governance(value(Key.TICKET), value(Key.AUTHOR), value(Key.REASON),
        value(Key.APPROVED_BY), value(Key.EXPIRES));
    Optional<AutoRollback> autoRollback = fields.has(Key.AUTO_ROLLBACK)
        ? SafetyReader.autoRollback(fields.entry(Key.AUTO_ROLLBACK).orElseThrow(), failing) : Optional.empty();
    Optional<Progress> progress = fields.has(Key.PROGRESS)
        ? SafetyReader.progress(fields.entry(Key.PROGRESS).orElseThrow(), failing) : Optional.empty();
    Rollout share = progress.isPresent() ? progress.get().steps().get(0) : rollout.orElse(Rollout.FULL);
    checkSafety(share, progress, rollout, autoRollback, when.isPresent() || fields.has(Key.WHEN),
        mode.orElse(Mode.ACTIVE));
    checkActions();
    if (stickyBy.isPresent() && target.isPresent()) {
      checkStickyBy(stickyBy.get(), target.get().value());
    }
    Map<String, Location> keys = new LinkedHashMap<>();
    for (Value.Entry entry : map.entries()) {
      keys.putIfAbsent(entry.key(), entry.keyLocation());
    }
    if (failed) {
      return new Read(id, at, target, Optional.empty(), keys);
    }
    Action action = switch (actions().get(0)) {
      case FIX -> new Action.Fix(fix.orElseThrow(), jar.orElseThrow(), sha256.orElseThrow());
      case RETURNS -> new Action.Returns(returns.orElseThrow());
      case THROWS -> new Action.Throws(thrown.orElseThrow(), message);
      default -> new Action.Skip();
    };
    Patch patch = new Patch(id.orElseThrow(), target.orElseThrow().value(), action, when, share,
        stickyBy.isPresent() ? OptionalInt.of(stickyBy.get()) : OptionalInt.empty(), mode.orElse(Mode.ACTIVE),
        governance, autoRollback,
        progress);
    return new Read(id, at, target, Optional.of(patch), keys);
  }

  /**
   * {@code progress} needs {@code autoRollback} and starts at {@code rollout} (or gives it); a
   * {@code maxLatency: Nx} needs calls on the original path to compare with.
   */
  private void checkSafety(Rollout share, Optional<Progress> progress, Optional<Rollout> rollout,
      Optional<AutoRollback> autoRollback, boolean when, Mode mode) {
    if (fields.has(Key.PROGRESS) && !fields.has(Key.AUTO_ROLLBACK)) {
      problem(keyAt(Key.PROGRESS), "progress needs autoRollback: a rollout that grows by itself must be able to take"
          + " itself out; add autoRollback: with maxErrorRate: 2%, maxLatency: 3x, or both");
    }
    if (progress.isPresent() && rollout.isPresent() && !rollout.get().equals(share)) {
      problem(fields.entry(Key.ROLLOUT).orElseThrow().value().location(), "rollout " + rollout.get()
          + " is not progress's first step " + share + "; write rollout: " + share
          + ", or leave rollout out: progress starts at its first step");
    }
    boolean relative = autoRollback.isPresent() && autoRollback.get().maxLatency().isPresent()
        && autoRollback.get().maxLatency().get() instanceof LatencyBound.Relative;
    if (relative && share.isFull() && !when && mode != Mode.SHADOW) {
      problem(fields.entry(Key.AUTO_ROLLBACK).orElseThrow().keyLocation(), "maxLatency "
          + autoRollback.get().maxLatency().get() + " compares the action's p99 with the original's, but no call takes"
          + " the original path: the rollout is 100%, there is no when and the mode is not shadow; write an absolute"
          + " bound such as maxLatency: 50ms, or a rollout below 100%");
    }
  }

  private void checkActions() {
    List<Key> actions = actions();
    if (actions.isEmpty()) {
      problem(map.location(), "patch has no action; add one of fix (with jar and sha256), returns, throws or skip");
    } else if (actions.size() > 1) {
      StringBuilder named = new StringBuilder();
      for (int i = 0; i < actions.size() - 1; i++) {
        named.append(i == 0 ? "" : ", ").append(actions.get(i).spelling());
      }
      named.append(" and ").append(actions.get(actions.size() - 1));
      problem(keyAt(actions.get(1)), "patch has " + actions.size() + " actions, " + named + "; keep exactly one");
    }
    if (fields.has(Key.FIX)) {
      for (Key needed : List.of(Key.JAR, Key.SHA256)) {
        if (!fields.has(needed)) {
          problem(keyAt(Key.FIX), "fix needs " + needed + " too; write " + needed.example());
        }
      }
    } else {
      for (Key orphan : List.of(Key.JAR, Key.SHA256)) {
        if (fields.has(orphan)) {
          problem(keyAt(orphan), orphan + " only goes with fix; add " + Key.FIX.example() + ", or remove " + orphan);
        }
      }
    }
    if (fields.has(Key.MESSAGE) && !fields.has(Key.THROWS)) {
      problem(keyAt(Key.MESSAGE), "message only goes with throws; add " + Key.THROWS.example() + ", or remove message");
    }
  }

  private void checkStickyBy(int index, Target target) {
    if (target.parameterTypes().isEmpty() || index < target.parameterTypes().get().size()) {
      return;
    }
    List<String> types = target.parameterTypes().get();
    problem(fields.entry(Key.STICKY_BY).orElseThrow().value().location(),
        "stickyBy arg" + index + " names parameter " + (index + 1) + ", but the target takes "
            + (types.isEmpty() ? "no parameters; remove stickyBy"
                : types.size() + "; write " + (types.size() == 1 ? "arg0" : "arg0 to arg" + (types.size() - 1))));
  }

  /** The action keys the patch has, in {@link Key#ACTIONS}'s order. */
  private List<Key> actions() {
    List<Key> actions = new ArrayList<>();
    for (Key key : Key.ACTIONS) {
      if (fields.has(key)) {
        actions.add(key);
      }
    }
    return actions;
  }

  /** The value of {@code key} as {@link Syntax} reads it, or empty: absent, or reported. */
  @SuppressWarnings("unchecked")
  private <T> Optional<T> value(Key key) {
    return fields.has(key)
        ? (Optional<T>) parse(key, fields.entry(key).orElseThrow(), failing, new Syntax(key))
        : Optional.empty();
  }

  private Location keyAt(Key key) {
    return fields.entry(key).orElseThrow().keyLocation();
  }

  private void problem(Location at, String message) {
    failed = true;
    report.add(at, message);
  }

  /**
   * Reads a scalar the way {@code key} takes it, for every key with a single value (the manifest's,
   * a patch's, its autoRollback's and progress's): one class for every key, where lambdas were one each.
   */
  static final class Syntax implements Function<Value.Scalar, Object> {

    private final Key key;

    Syntax(Key key) {
      this.key = key;
    }

    @Override
    public Object apply(Value.Scalar s) {
      return switch (key) {
        case ID -> ScalarSyntax.id(s);
        case TARGET -> new Located<>(MethodSyntax.target(s.text()), s.location());
        case FIX, WHEN -> MethodSyntax.methodRef(key, s.text());
        case SHA256 -> ScalarSyntax.sha256(s);
        case RETURNS -> ConstantSyntax.constant(s);
        case THROWS -> MethodSyntax.exceptionClass(s.text());
        case SKIP -> ConstantSyntax.skip(s);
        case ROLLOUT -> ScalarSyntax.rollout(s);
        case STICKY_BY -> ScalarSyntax.stickyBy(s);
        case MODE -> ScalarSyntax.mode(s);
        case EXPIRES -> ScalarSyntax.expires(s);
        case SCALPEL -> ScalarSyntax.version(s);
        case MAX_ERROR_RATE -> ScalarSyntax.percent(key, s);
        case MAX_LATENCY -> ScalarSyntax.maxLatency(s);
        case MIN_CALLS -> ScalarSyntax.minCalls(s);
        case WINDOW -> ScalarSyntax.seconds(key, s, Duration.ofSeconds(1), AutoRollback.MAX_WINDOW);
        case EVERY -> ScalarSyntax.seconds(key, s, Duration.ofSeconds(1), SafetyReader.MAX_EVERY);
        default -> ScalarSyntax.text(key, s);
      };
    }
  }
}
