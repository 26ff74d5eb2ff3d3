package dev.scalpel.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Each DESIGN.md performance target, the figure of this run that it is judged on, and the verdict. */
final class Verdicts {

  double startup10 = Double.NaN;
  /** 10 patches: from the attach command's launch until all workers saw every patch active. */
  double attachActive = Double.NaN;
  /** 10 patches: the agent's apply, from the command's arrival, as it logs it. */
  double agentApply = Double.NaN;
  /** The loaded classes of the target that the 10 patches were attached to. */
  double attachClasses = Double.NaN;
  double cliStart = Double.NaN;
  /** 10 patches: the agent's rollback switch, until every thread runs the original code. */
  double rollbackSwitch = Double.NaN;
  /** 10 patches: from the first to the last worker seeing the original code, on the target's clock. */
  double rollbackSpread = Double.NaN;
  /** The agent's rollback switch for every patch count measured. */
  final Map<String, Double> rollbackSwitchByPatches = new LinkedHashMap<>();

  /** The targets table's rows, in DESIGN.md's order. */
  List<String> rows(Map<String, Result> results, Result meanOfPaths) {
    List<String> rows = new ArrayList<>();
    rows.add(noCost(results));
    rows.add(withinError(results, "disabled patch vs never patched: within the benchmark's error",
        "HotPathBenchmark.disabled", Case.BASELINE, "; a disabled patch installs no prologue in this version"));
    rows.add(withinError(results, "active redirect vs calling the fix directly, counters off: within the error",
        Case.REDIRECT_NO_COUNTERS, Case.FIX_DIRECT, ""));
    rows.add(withinError(results, "a target in a class file older than Java 7 (Java 1.3) vs a modern one: the same, counters off",
        "HotPathBenchmark.redirectJava13NoCounters", Case.REDIRECT_NO_COUNTERS, "; the class is raised to version 51"));
    rows.add(withinError(results, "a target in a class file older than Java 7 (Java 5) vs a modern one: the same, counters off",
        "HotPathBenchmark.redirectJava5NoCounters", Case.REDIRECT_NO_COUNTERS, "; the class is raised to version 51"));
    rows.add(countersOn(results));
    rows.add(rollout(results.get(Case.ROLLOUT_50), results.get(Case.ROLLOUT_50_NO_COUNTERS),
        results.get(Case.ROLLOUT_FLOOR), meanOfPaths));
    rows.add(peers(results));
    rows.add(attach());
    rows.add(rollback());
    rows.add("| `-javaagent` startup cost for a 10-patch manifest: under 150 ms | " + Report.fmt(startup10, 0)
        + " ms (median with agent minus median without) | " + verdict(startup10, startup10 < 150, Report.fmt(startup10, 0) + " ms") + " |");
    return rows;
  }

  private String attach() {
    String target = "attach + apply 10 patches in a JVM with 20,000 loaded classes: under 500 ms";
    if (Double.isNaN(attachActive)) {
      return "| " + target + " | not run | |";
    }
    String measured = Report.fmt(attachActive, 0) + " ms from the `attach` command's launch until all 4 worker threads "
        + "saw all 10 patches active (median, target of " + Report.fmt(attachClasses, 0) + " loaded classes). Of that, "
        + Report.fmt(agentApply, 0) + " ms is the agent inside the target, from receiving the command until it logged "
        + "the apply (its own start and the audit log included), and " + Report.fmt(cliStart, 0) + " ms is the command line's own JVM "
        + "start; the rest is, roughly, the attach mechanism and the target loading the agent's jar";
    String verdict;
    if (attachClasses < 20_000) {
      verdict = "not judged: the target held " + Report.fmt(attachClasses, 0) + " loaded classes, fewer than 20,000";
    } else {
      verdict = verdict(attachActive, attachActive < 500, Report.fmt(attachActive, 0) + " ms end to end")
          + ", judged on the command's launch to all patches active, what an operator waits for; the agent inside the "
          + "target accounts for " + Report.fmt(agentApply, 0) + " ms of it and the command line's JVM start for "
          + Report.fmt(cliStart, 0) + " ms";
    }
    return "| " + target + " | " + measured + " | " + verdict + " |";
  }

  private String rollback() {
    String target = "instant rollback visible to all threads: under 1 ms";
    if (Double.isNaN(rollbackSwitch)) {
      return "| " + target + " | not run | |";
    }
    StringBuilder others = new StringBuilder();
    rollbackSwitchByPatches.forEach((n, ms) -> {
      if (!n.equals("10")) {
        others.append(others.length() == 0 ? "; for " : ", ").append(n).append(n.equals("1") ? " patch " : " patches ")
            .append(Report.fmt(ms, ms < 10 ? 2 : 0)).append(" ms");
      }
    });
    String measured = "the agent's switch for all 10 patches, until every thread's next call runs the original code: "
        + Report.fmt(rollbackSwitch, 2) + " ms (median" + others + "). Cross-check from the calling threads: "
        + Report.fmt(rollbackSpread, 2) + " ms from the first to the last of 4 workers to see the original code, "
        + "an upper bound that includes their polling delay";
    String verdict = verdict(rollbackSwitch, rollbackSwitch < 1, Report.fmt(rollbackSwitch, 2) + " ms")
        + " (the verdict uses the agent's switch time for all 10 patches: the window in which threads can disagree)";
    return "| " + target + " | " + measured + " | " + verdict + " |";
  }

  // One-sided: a method whose bytecode is unchanged can be measured faster than its twin in another
  // JVM (code layout, JIT decisions); that is no cost, and the row says so rather than calling it a miss.
  private static String noCost(Map<String, Result> results) {
    String target = "method of a patched class that is not a target: identical bytecode (no cost by construction)";
    Result a = results.get("HotPathBenchmark.nonTargetOfPatchedClass");
    Result b = results.get("HotPathBenchmark.nonTargetUnpatched");
    if (a == null || b == null) {
      return "| " + target + " | not run | |";
    }
    double delta = a.score() - b.score();
    double error = Stats.combined(a.errorOrZero(), b.errorOrZero());
    String verdict = delta <= error
        ? "met: no cost" + (delta < -error ? " (faster, beyond the error: JIT and code layout differ between JVMs)" : "")
        : "missed: " + Report.fmt(delta, 2) + " ns slower, beyond the error " + Report.fmt(error, 2) + " ns";
    return "| " + target + " | Δ " + Report.pm(delta, error) + " ns (" + Report.fmt(a.score(), 2) + " vs "
        + Report.fmt(b.score(), 2) + "); the bytecode itself is checked by the agent's tests, not here | " + verdict + " |";
  }

  private static String withinError(Map<String, Result> results, String target, String subject, String base, String note) {
    Result a = results.get(subject);
    Result b = results.get(base);
    if (a == null || b == null) {
      return "| " + target + " | not run | |";
    }
    double delta = a.score() - b.score();
    double error = Stats.combined(a.errorOrZero(), b.errorOrZero());
    boolean within = Math.abs(delta) <= error;
    return "| " + target + " | Δ " + Report.pm(delta, error) + " ns (" + Report.fmt(a.score(), 2) + " vs "
        + Report.fmt(b.score(), 2) + ")" + note + " | " + (within ? "met: within the error"
            : "missed: Δ " + Report.fmt(delta, 2) + " ns exceeds the error " + Report.fmt(error, 2) + " ns") + " |";
  }

  private static String rollout(Result rollout, Result noCounters, Result handWritten, Result meanOfPaths) {
    String target = "rollout gate (50%): under 5 ns over the mean of the two paths";
    if (rollout == null || meanOfPaths == null) {
      return "| " + target + " | not run | |";
    }
    double delta = rollout.score() - meanOfPaths.score();
    StringBuilder measured = new StringBuilder(Report.fmt(rollout.score(), 2) + " ns vs the paths' mean "
        + Report.fmt(meanOfPaths.score(), 2) + " ns: Δ " + Report.pm(delta, Stats.combined(rollout.errorOrZero(),
            meanOfPaths.errorOrZero())) + " ns (counters on)");
    if (noCounters != null) {
      measured.append("; `counters=false` ").append(overMean(noCounters, meanOfPaths));
    }
    if (handWritten != null) {
      measured.append("; the same draw and branch written by hand, without an agent, ").append(overMean(handWritten,
          meanOfPaths)).append(": what any gate that draws per call costs on this CPU");
    }
    return "| " + target + " | " + measured + " | " + verdict(delta, delta < 5, Report.fmt(delta, 2) + " ns") + " |";
  }

  private static String overMean(Result r, Result meanOfPaths) {
    return "Δ " + Report.pm(r.score() - meanOfPaths.score(), Stats.combined(r.errorOrZero(), meanOfPaths.errorOrZero()))
        + " ns";
  }

  private static String countersOn(Map<String, Result> results) {
    Result a = results.get(Case.REDIRECT);
    Result b = results.get(Case.FIX_DIRECT);
    String target = "active redirect vs calling the fix directly, counters on: under 2 ns more";
    if (a == null || b == null) {
      return "| " + target + " | not run | |";
    }
    double delta = a.score() - b.score();
    return "| " + target + " | Δ " + Report.pm(delta, Stats.combined(a.errorOrZero(), b.errorOrZero())) + " ns | "
        + verdict(delta, delta < 2, Report.fmt(delta, 2) + " ns") + " |";
  }

  private static String peers(Map<String, Result> results) {
    String target = "Scalpel's per-call overhead at most a tenth of the cheapest peer's";
    Result redirect = results.get(Case.REDIRECT);
    Result direct = results.get(Case.FIX_DIRECT);
    if (redirect == null || direct == null) {
      return "| " + target + " | not run | |";
    }
    String cheapest = null;
    double cheapestOverhead = Double.POSITIVE_INFINITY;
    for (Case c : Case.HOT_PATH) {
      Result r = results.get(c.key());
      if (c.kind() == Case.Kind.PEER && r != null && r.score() - direct.score() < cheapestOverhead) {
        cheapestOverhead = r.score() - direct.score();
        cheapest = c.label();
      }
    }
    if (cheapest == null) {
      return "| " + target + " | no peer ran | |";
    }
    double scalpel = redirect.score() - direct.score();
    Result off = results.get(Case.REDIRECT_NO_COUNTERS);
    String offText = off == null ? "" : "; with `counters=false` " + Report.fmt(off.score() - direct.score(), 2) + " ns";
    return "| " + target + " | Scalpel (counters on) " + Report.fmt(scalpel, 2) + " ns" + offText + "; cheapest peer ("
        + cheapest + ") " + Report.fmt(cheapestOverhead, 2) + " ns; ratio " + Report.fmt(scalpel / cheapestOverhead, 3) + " | "
        + verdict(scalpel, scalpel <= cheapestOverhead / 10, "ratio " + Report.fmt(scalpel / cheapestOverhead, 2)) + " |";
  }

  private static String verdict(double measured, boolean met, String figure) {
    return Double.isNaN(measured) ? "not run" : (met ? "met: " : "missed: ") + figure;
  }
}
