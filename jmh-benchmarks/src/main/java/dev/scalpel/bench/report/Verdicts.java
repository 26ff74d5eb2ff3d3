package dev.scalpel.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Each DESIGN.md performance target, the figure of this run that it is judged on, and the verdict. */
final class Verdicts {

  double startup10 = Double.NaN;
  double attachActive = Double.NaN;
  double cliStart = Double.NaN;
  double rollbackSpread = Double.NaN;
  double rollbackFirst = Double.NaN;

  /** The targets table's rows, in DESIGN.md's order. */
  List<String> rows(Map<String, Result> results, Result meanOfPaths) {
    List<String> rows = new ArrayList<>();
    rows.add(noCost(results));
    rows.add(withinError(results, "disabled patch vs never patched: within the benchmark's error",
        "HotPathBenchmark.disabled", Case.BASELINE, "; a disabled patch installs no prologue in this version"));
    rows.add(withinError(results, "active redirect vs calling the fix directly, counters off: within the error",
        Case.REDIRECT_NO_COUNTERS, Case.FIX_DIRECT, ""));
    rows.add(countersOn(results));
    rows.add(rollout(results.get(Case.ROLLOUT_50), meanOfPaths));
    rows.add(peers(results));
    rows.add("| attach + apply 10 patches in a JVM with 20,000 loaded classes: under 500 ms | "
        + Report.fmt(attachActive, 0) + " ms from the command's launch to all patches active (median), of which "
        + Report.fmt(cliStart, 0) + " ms is the command line's own JVM start | "
        + verdict(attachActive, attachActive < 500, Report.fmt(attachActive, 0) + " ms; " + Report.fmt(attachActive - cliStart, 0)
            + " ms without the command line's start") + " |");
    rows.add("| instant rollback visible to all threads: under 1 ms | " + Report.fmt(rollbackSpread, 2)
        + " ms from the first to the last of 4 threads to see the original code (median); the first saw it "
        + Report.fmt(rollbackFirst, 0) + " ms after the command's launch | "
        + (Double.isNaN(rollbackSpread) ? "not run" : rollbackSpread < 1 ? "met: " + Report.fmt(rollbackSpread, 2) + " ms"
            : "not shown: " + Report.fmt(rollbackSpread, 2) + " ms is an upper bound that includes the polling threads' "
                + "wake-up delay; the switch itself is not isolated by this measurement") + " |");
    rows.add("| `-javaagent` startup cost for a 10-patch manifest: under 150 ms | " + Report.fmt(startup10, 0)
        + " ms (median with agent minus median without) | " + verdict(startup10, startup10 < 150, Report.fmt(startup10, 0) + " ms") + " |");
    return rows;
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

  private static String rollout(Result rollout, Result meanOfPaths) {
    String target = "rollout gate (50%): under 5 ns over the mean of the two paths";
    if (rollout == null || meanOfPaths == null) {
      return "| " + target + " | not run | |";
    }
    double delta = rollout.score() - meanOfPaths.score();
    return "| " + target + " | " + Report.fmt(rollout.score(), 2) + " ns vs the paths' mean " + Report.fmt(meanOfPaths.score(), 2)
        + " ns: Δ " + Report.pm(delta, Stats.combined(rollout.errorOrZero(), meanOfPaths.errorOrZero())) + " ns (counters on) | "
        + verdict(delta, delta < 5, Report.fmt(delta, 2) + " ns") + " |";
  }

  private static String countersOn(Map<String, Result> results) {
    Result a = results.get(Case.REDIRECT);
    Result b = results.get(Case.FIX_DIRECT);
    String target = "active redirect vs calling the fix directly, counters on: under 3 ns more";
    if (a == null || b == null) {
      return "| " + target + " | not run | |";
    }
    double delta = a.score() - b.score();
    return "| " + target + " | Δ " + Report.pm(delta, Stats.combined(a.errorOrZero(), b.errorOrZero())) + " ns | "
        + verdict(delta, delta < 3, Report.fmt(delta, 2) + " ns") + " |";
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
