package dev.scalpel.dsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** Reads and checks one entry of {@code patches:}, reporting every problem it has. */
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
  private final Fields fields;
  private boolean failed;

  private PatchReader(Value.Mapping map, Problems.Report report) {
    this.map = map;
    this.report = report;
    this.fields = Fields.of(map, Key.PATCH, this::problem);
  }

  /** Reads one item of the {@code patches:} list; empty if it is not even a map. */
  static Optional<Read> read(Value item, Problems problems) {
    if (!(item instanceof Value.Mapping map)) {
      problems.add(item.location(), "", "each patch is a map of keys such as id, target and an action; found "
          + item.describe() + "; write - id: PRICE-1432 and the patch's other keys under it");
      return Optional.empty();
    }
    Optional<Value.Entry> idEntry = map.entries().stream().filter(e -> e.key().equals(Key.ID.spelling())).findFirst();
    if (idEntry.isEmpty()) {
      problems.add(map.location(), "", "patch has no id; write " + Key.ID.example());
    }
    Optional<String> id = idEntry.flatMap(entry -> parse(Key.ID, entry, problems.in(""), ScalarSyntax::id));
    Location at = idEntry.map(entry -> entry.value().location()).orElse(map.location());
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
    Optional<Located<Target>> target =
        value(Key.TARGET, s -> new Located<>(MethodSyntax.target(s.text()), s.location()));
    if (!fields.has(Key.TARGET)) {
      problem(map.location(), "patch has no target; write " + Key.TARGET.example());
    }
    Optional<MethodRef> fix = value(Key.FIX, s -> MethodSyntax.methodRef(Key.FIX, s.text()));
    Optional<String> jar = value(Key.JAR, s -> ScalarSyntax.text(Key.JAR, s));
    Optional<String> sha256 = value(Key.SHA256, ScalarSyntax::sha256);
    Optional<Constant> returns = value(Key.RETURNS, ConstantSyntax::constant);
    Optional<String> thrown = value(Key.THROWS, s -> MethodSyntax.exceptionClass(s.text()));
    Optional<String> message = value(Key.MESSAGE, s -> ScalarSyntax.text(Key.MESSAGE, s));
    value(Key.SKIP, ConstantSyntax::skip);
    Optional<MethodRef> when = value(Key.WHEN, s -> MethodSyntax.methodRef(Key.WHEN, s.text()));
    Optional<Rollout> rollout = value(Key.ROLLOUT, ScalarSyntax::rollout);
    Optional<Integer> stickyBy = value(Key.STICKY_BY, ScalarSyntax::stickyBy);
    Optional<Mode> mode = value(Key.MODE, ScalarSyntax::mode);
    Governance governance = new Governance(text(Key.TICKET), text(Key.AUTHOR), text(Key.REASON),
        text(Key.APPROVED_BY), value(Key.EXPIRES, ScalarSyntax::expires));
    Optional<AutoRollback> autoRollback =
        fields.entry(Key.AUTO_ROLLBACK).flatMap(e -> SafetyReader.autoRollback(e, this::problem));
    Optional<Progress> progress = fields.entry(Key.PROGRESS).flatMap(e -> SafetyReader.progress(e, this::problem));
    Rollout share = progress.map(p -> p.steps().get(0)).orElse(rollout.orElse(Rollout.FULL));
    checkSafety(share, progress, rollout, autoRollback, when.isPresent() || fields.has(Key.WHEN),
        mode.orElse(Mode.ACTIVE));
    checkActions();
    stickyBy.ifPresent(index -> target.ifPresent(t -> checkStickyBy(index, t.value())));
    Map<String, Location> keys = new LinkedHashMap<>();
    map.entries().forEach(entry -> keys.putIfAbsent(entry.key(), entry.keyLocation()));
    if (failed) {
      return new Read(id, at, target, Optional.empty(), keys);
    }
    Action action = switch (Key.ACTIONS.stream().filter(fields::has).findFirst().orElseThrow()) {
      case FIX -> new Action.Fix(fix.orElseThrow(), jar.orElseThrow(), sha256.orElseThrow());
      case RETURNS -> new Action.Returns(returns.orElseThrow());
      case THROWS -> new Action.Throws(thrown.orElseThrow(), message);
      default -> new Action.Skip();
    };
    Patch patch = new Patch(id.orElseThrow(), target.orElseThrow().value(), action, when, share,
        stickyBy.map(OptionalInt::of).orElse(OptionalInt.empty()), mode.orElse(Mode.ACTIVE), governance, autoRollback,
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
    boolean relative = autoRollback.flatMap(AutoRollback::maxLatency).filter(LatencyBound.Relative.class::isInstance)
        .isPresent();
    if (relative && share.isFull() && !when && mode != Mode.SHADOW) {
      problem(fields.entry(Key.AUTO_ROLLBACK).orElseThrow().keyLocation(), "maxLatency "
          + autoRollback.get().maxLatency().get() + " compares the action's p99 with the original's, but no call takes"
          + " the original path: the rollout is 100%, there is no when and the mode is not shadow; write an absolute"
          + " bound such as maxLatency: 50ms, or a rollout below 100%");
    }
  }

  private void checkActions() {
    List<Key> actions = Key.ACTIONS.stream().filter(fields::has).toList();
    if (actions.isEmpty()) {
      problem(map.location(), "patch has no action; add one of fix (with jar and sha256), returns, throws or skip");
    } else if (actions.size() > 1) {
      String named = String.join(", ", actions.subList(0, actions.size() - 1).stream().map(Key::spelling).toList())
          + " and " + actions.get(actions.size() - 1);
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
    target.parameterTypes().filter(types -> index >= types.size()).ifPresent(types -> problem(
        fields.entry(Key.STICKY_BY).orElseThrow().value().location(),
        "stickyBy arg" + index + " names parameter " + (index + 1) + ", but the target takes "
            + (types.isEmpty() ? "no parameters; remove stickyBy"
                : types.size() + "; write " + (types.size() == 1 ? "arg0" : "arg0 to arg" + (types.size() - 1)))));
  }

  private <T> Optional<T> value(Key key, Function<Value.Scalar, T> parse) {
    return fields.entry(key).flatMap(entry -> parse(key, entry, this::problem, parse));
  }

  private Optional<String> text(Key key) {
    return value(key, s -> ScalarSyntax.text(key, s));
  }

  private Location keyAt(Key key) {
    return fields.entry(key).orElseThrow().keyLocation();
  }

  private void problem(Location at, String message) {
    failed = true;
    report.add(at, message);
  }
}
