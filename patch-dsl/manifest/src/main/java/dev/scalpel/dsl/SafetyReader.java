package dev.scalpel.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads a patch's {@code autoRollback:} and {@code progress:} maps, reporting every problem they have. */
final class SafetyReader {

  /** The longest {@code every}: a step held longer than a month is a decision for a person. */
  static final Duration MAX_EVERY = Duration.ofDays(30);

  private final Problems.Report report;
  private boolean failed;

  private SafetyReader(Problems.Report report) {
    this.report = new Problems.Report() {
      @Override
      public void add(Location at, String message) {
        failed = true;
        report.add(at, message);
      }
    };
  }

  /** The rules of {@code autoRollback: {...}}, or empty after reporting what is wrong with them. */
  static Optional<AutoRollback> autoRollback(Value.Entry entry, Problems.Report report) {
    SafetyReader reader = new SafetyReader(report);
    Optional<Value.Mapping> map = reader.mapping(Key.AUTO_ROLLBACK, entry);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = Fields.of(map.get(), Key.AUTO_ROLLBACK_RULES, reader.report);
    Optional<Rollout> rate = reader.value(fields, Key.MAX_ERROR_RATE);
    Optional<LatencyBound> latency = reader.value(fields, Key.MAX_LATENCY);
    Optional<Integer> minCalls = reader.value(fields, Key.MIN_CALLS);
    Optional<Duration> window = reader.value(fields, Key.WINDOW);
    if (!fields.has(Key.MAX_ERROR_RATE) && !fields.has(Key.MAX_LATENCY)) {
      reader.report.add(entry.keyLocation(), "autoRollback has no rule; add maxErrorRate: 2%, maxLatency: 3x, or both");
    }
    if (reader.failed) {
      return Optional.empty();
    }
    return Optional.of(new AutoRollback(rate.isPresent() ? OptionalInt.of(rate.get().basisPoints()) : OptionalInt.empty(),
        latency, minCalls.orElse(AutoRollback.DEFAULT_MIN_CALLS), window.orElse(AutoRollback.DEFAULT_WINDOW)));
  }

  /** The steps and pace of {@code progress: {...}}, or empty after reporting what is wrong with them. */
  static Optional<Progress> progress(Value.Entry entry, Problems.Report report) {
    SafetyReader reader = new SafetyReader(report);
    Optional<Value.Mapping> map = reader.mapping(Key.PROGRESS, entry);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = Fields.of(map.get(), Key.PROGRESS_KEYS, reader.report);
    Optional<Value.Entry> stepsEntry = fields.entry(Key.STEPS);
    List<Rollout> steps = stepsEntry.isPresent() ? reader.steps(stepsEntry.get()) : List.of();
    Optional<Duration> every = reader.value(fields, Key.EVERY);
    for (Key needed : List.of(Key.STEPS, Key.EVERY)) {
      if (!fields.has(needed)) {
        reader.report.add(entry.keyLocation(), "progress has no " + needed + "; write " + needed.example());
      }
    }
    return reader.failed ? Optional.empty() : Optional.of(new Progress(steps, every.orElseThrow()));
  }

  private List<Rollout> steps(Value.Entry entry) {
    String write = "; write two or more rising percentages, e.g. " + Key.STEPS.example();
    if (!(entry.value() instanceof Value.Sequence list)) {
      report.add(entry.value().location(), "steps is a list, not " + entry.value().describe() + write);
      return List.of();
    }
    List<Rollout> steps = new ArrayList<>();
    for (Value item : list.items()) {
      Optional<Rollout> step = Optional.empty();
      if (item instanceof Value.Scalar scalar && !scalar.isAbsent()) {
        try {
          step = Optional.of(ScalarSyntax.percent(Key.STEPS, scalar));
        } catch (Invalid e) {
          report.add(scalar.location(), e.getMessage());
          return List.of();
        }
      } else {
        report.add(item.location(), "a step is a percentage, not " + item.describe() + write);
        return List.of();
      }
      Rollout now = step.get();
      if (steps.isEmpty() && now.basisPoints() == 0) {
        report.add(item.location(), "the first step is 0%: no call would take the action, so no step could prove"
            + " healthy; start at 1% or more");
      }
      if (!steps.isEmpty() && now.basisPoints() <= steps.get(steps.size() - 1).basisPoints()) {
        report.add(item.location(), "step " + now + " does not rise above " + steps.get(steps.size() - 1) + write);
      }
      steps.add(now);
    }
    if (steps.size() < 2) {
      report.add(entry.value().location(), "steps has " + steps.size() + " step" + (steps.size() == 1 ? "" : "s")
          + write);
    }
    return steps;
  }

  private Optional<Value.Mapping> mapping(Key key, Value.Entry entry) {
    Value value = entry.value();
    if (value instanceof Value.Mapping map) {
      return Optional.of(map);
    }
    if (value instanceof Value.Scalar scalar && scalar.isAbsent()) {
      report.add(entry.keyLocation(), key + " has no value; write " + key.example());
    } else {
      report.add(value.location(), key + " is a map, not " + value.describe() + "; write " + key.example());
    }
    return Optional.empty();
  }

  /** The value of {@code key} as {@link PatchReader.Syntax} reads it, or empty: absent, or reported. */
  @SuppressWarnings("unchecked")
  private <T> Optional<T> value(Fields fields, Key key) {
    Optional<Value.Entry> entry = fields.entry(key);
    return entry.isPresent()
        ? (Optional<T>) PatchReader.parse(key, entry.get(), report, new PatchReader.Syntax(key))
        : Optional.empty();
  }
}
