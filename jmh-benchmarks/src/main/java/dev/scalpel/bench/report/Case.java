package dev.scalpel.bench.report;

import java.util.List;

/**
 * How the report names one hot-path benchmark: what the call runs, in which JVM, and which other
 * benchmark of the same run is its floor (the same work without the interception).
 *
 * @param key   {@code Class.method}
 * @param label what the table calls it
 * @param jvm   the agent and manifest of its forks
 * @param floor the key of its floor, or null
 * @param kind  how the chart colours it
 */
record Case(String key, String label, String jvm, String floor, Kind kind) {

  /** The chart's groups. */
  enum Kind { BASELINE, FLOOR, SCALPEL, PEER }

  static final String BASELINE = "HotPathBenchmark.baseline";
  static final String FIX_DIRECT = "HotPathBenchmark.fixDirect";
  static final String REDIRECT = "HotPathBenchmark.redirect";
  static final String REDIRECT_NO_COUNTERS = "HotPathBenchmark.redirectNoCounters";
  static final String ROLLOUT_50 = "HotPathBenchmark.rollout50";
  static final String ROLLOUT_50_NO_COUNTERS = "HotPathBenchmark.rollout50NoCounters";
  /** A hand-written 50% draw and branch without an agent: what any per-call gate costs at least. */
  static final String ROLLOUT_FLOOR = "HotPathBenchmark.rolloutFloor";
  /** The floor of a 50% rollout: the mean of {@link #BASELINE} and {@link #FIX_DIRECT}. */
  static final String MEAN_OF_PATHS = "mean of the original and the fix";

  /** The hot-path cases in table order. */
  static final List<Case> HOT_PATH = List.of(
      new Case(BASELINE, "never patched (baseline)", "no agent", null, Kind.BASELINE),
      new Case("HotPathBenchmark.nonTargetUnpatched", "`shipping`, floor of the next row", "no agent", null, Kind.FLOOR),
      new Case("HotPathBenchmark.nonTargetOfPatchedClass", "`shipping`: not a target, its class patched", "Scalpel, redirect",
          "HotPathBenchmark.nonTargetUnpatched", Kind.SCALPEL),
      new Case("HotPathBenchmark.disabled", "`mode: disabled` (no prologue)", "Scalpel, disabled", BASELINE, Kind.SCALPEL),
      new Case("HotPathBenchmark.whenNever", "installed, `when` always false", "Scalpel, when-never", BASELINE, Kind.SCALPEL),
      new Case("HotPathBenchmark.whenNeverNoCounters", "installed, `when` always false, `counters=false`",
          "Scalpel, when-never, counters=false", BASELINE, Kind.SCALPEL),
      new Case(FIX_DIRECT, "the fix called directly (floor)", "no agent", null, Kind.FLOOR),
      new Case(REDIRECT, "active redirect (counters on, the default)", "Scalpel, redirect", FIX_DIRECT, Kind.SCALPEL),
      new Case("HotPathBenchmark.redirectLatencyRule", "active redirect with a `maxLatency` rule (1 call in 64 timed)",
          "Scalpel, redirect-latency", FIX_DIRECT, Kind.SCALPEL),
      new Case(REDIRECT_NO_COUNTERS, "active redirect, `counters=false`", "Scalpel, redirect, counters=false", FIX_DIRECT,
          Kind.SCALPEL),
      new Case("HotPathBenchmark.redirectJava13NoCounters", "the same, target a Java 1.3 class file (version 47)",
          "Scalpel, redirect-java13, counters=false", REDIRECT_NO_COUNTERS, Kind.SCALPEL),
      new Case("HotPathBenchmark.redirectJava5NoCounters", "the same, target a Java 5 class file (version 49)",
          "Scalpel, redirect-java5, counters=false", REDIRECT_NO_COUNTERS, Kind.SCALPEL),
      new Case("HotPathBenchmark.constantFloor", "a method returning 1999 (floor)", "no agent", null, Kind.FLOOR),
      new Case("HotPathBenchmark.returnsConstant", "`returns: 1999`", "Scalpel, returns", "HotPathBenchmark.constantFloor",
          Kind.SCALPEL),
      new Case(ROLLOUT_FLOOR, "a 50% draw and branch written by hand (floor of a per-call gate)", "no agent",
          MEAN_OF_PATHS, Kind.FLOOR),
      new Case("HotPathBenchmark.rollout50", "`rollout: 50%`, drawn per call", "Scalpel, rollout-50", MEAN_OF_PATHS,
          Kind.SCALPEL),
      new Case(ROLLOUT_50_NO_COUNTERS, "`rollout: 50%`, drawn per call, `counters=false`",
          "Scalpel, rollout-50, counters=false", MEAN_OF_PATHS, Kind.SCALPEL),
      new Case("HotPathBenchmark.shadowFloor", "original, then fix, called directly (floor)", "no agent", null, Kind.FLOOR),
      new Case("HotPathBenchmark.shadow", "`mode: shadow` (original answers, fix compared)", "Scalpel, shadow",
          "HotPathBenchmark.shadowFloor", Kind.SCALPEL),
      new Case("HotPathBenchmark.whenBulkFloor", "guard, then fix, called directly (floor)", "no agent", null, Kind.FLOOR),
      new Case("HotPathBenchmark.whenBulk", "`when` guard (true here), then the fix", "Scalpel, when-bulk",
          "HotPathBenchmark.whenBulkFloor", Kind.SCALPEL),
      new Case("HotPathBenchmark.originalCallFloor", "fix using `Original.call`, called directly (floor)", "no agent", null,
          Kind.FLOOR),
      new Case("HotPathBenchmark.originalCall", "fix calling the original via `Original.call`", "Scalpel, original",
          "HotPathBenchmark.originalCallFloor", Kind.SCALPEL),
      new Case("PeerBenchmark.adviceMethodHandle", "peer: Byte Buddy advice, map lookup + `MethodHandle.invokeExact`",
          "peer agent (own -javaagent)", FIX_DIRECT, Kind.PEER),
      new Case("PeerBenchmark.adviceReflection", "peer: Byte Buddy advice, map lookup + `Method.invoke`",
          "peer agent (own -javaagent)", FIX_DIRECT, Kind.PEER),
      new Case("PeerBenchmark.byteman", "peer: Byteman 4.0.24 rule, compiled", "Byteman agent (own -javaagent)", FIX_DIRECT,
          Kind.PEER));

  /** The scale cases. */
  static final List<Case> SCALE = List.of(
      new Case("ScaleBenchmark.unpatched", "no agent, 1,000 target classes loaded", "no agent", null, Kind.BASELINE),
      new Case("ScaleBenchmark.onePatch", "1 active patch (1,000 classes loaded)", "Scalpel, scale-1",
          "ScaleBenchmark.unpatched", Kind.SCALPEL),
      new Case("ScaleBenchmark.thousandPatches", "1,000 active patches on 1,000 classes", "Scalpel, scale-1000",
          "ScaleBenchmark.unpatched", Kind.SCALPEL));
}
