package dev.scalpel.bench;

/**
 * Where the build put what the forked JVMs load besides the benchmark jar: the agents, the patch
 * jars, the manifests and the Byteman rule. Generated from the build's properties, so that the
 * {@code @Fork} annotations can name them as compile-time constants without naming a machine.
 */
public final class Layout {

  /** The folder holding every file below. */
  public static final String BENCH_DIR = "${bench.directory}";
  /** Scalpel's agent jar, as the agent module built it. */
  public static final String SCALPEL_AGENT = BENCH_DIR + "/scalpel-agent.jar";
  /** The audit log of every Scalpel agent the benchmarks start. */
  public static final String AUDIT_LOG = BENCH_DIR + "/scalpel-audit.jsonl";
  /** Byteman's agent jar. */
  public static final String BYTEMAN_AGENT = BENCH_DIR + "/byteman.jar";
  /** The advice-based peer agent built by this module. */
  public static final String PEER_AGENT = BENCH_DIR + "/peer-agent.jar";
  /** The generated manifests. */
  public static final String MANIFESTS = BENCH_DIR + "/manifests";
  /** The Byteman rule scripts. */
  public static final String BYTEMAN_RULES = BENCH_DIR + "/byteman";

  private Layout() {}
}
