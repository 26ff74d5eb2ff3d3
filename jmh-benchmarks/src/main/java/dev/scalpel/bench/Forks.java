package dev.scalpel.bench;

/**
 * The JVM arguments of each benchmark's forks, loading each agent exactly as its users do. Every
 * constant is one {@code -javaagent} option; {@link #NONE} is a JVM without any agent.
 */
public final class Forks {

  /** Forks per benchmark unless {@code -f} says otherwise. */
  public static final int COUNT = 2;
  /** No agent: the JVM the baselines and floors run in. */
  public static final String NONE = "-Dscalpel.bench.agent=none";

  // The audit log goes to the build folder rather than the working directory; every other option
  // is left at its default, counters included.
  private static final String SCALPEL = "-javaagent:" + Layout.SCALPEL_AGENT + "=audit=" + Layout.AUDIT_LOG
      + ",manifest=" + Layout.MANIFESTS;
  /** Scalpel: {@code total} redirected to {@code PriceFixes#total}. */
  public static final String REDIRECT = SCALPEL + "/redirect.yaml";
  /** Scalpel: the redirect with an {@code autoRollback} latency rule, which times one call in 64. */
  public static final String REDIRECT_LATENCY_RULE = SCALPEL + "/redirect-latency.yaml";
  /** Scalpel: the same redirect with the agent option {@code counters=false}. */
  public static final String REDIRECT_NO_COUNTERS = REDIRECT + ",counters=false";
  /** Scalpel: the redirect of a class file of Java 1.3 (version 47), {@code counters=false}. */
  public static final String REDIRECT_JAVA13_NO_COUNTERS = SCALPEL + "/redirect-java13.yaml,counters=false";
  /** Scalpel: the redirect of a class file of Java 5 (version 49), {@code counters=false}. */
  public static final String REDIRECT_JAVA5_NO_COUNTERS = SCALPEL + "/redirect-java5.yaml,counters=false";
  /** Scalpel: the same patch with {@code mode: disabled}. */
  public static final String DISABLED = SCALPEL + "/disabled.yaml";
  /** Scalpel: the redirect behind {@code when: PriceFixes#never}. */
  public static final String WHEN_NEVER = SCALPEL + "/when-never.yaml";
  /** Scalpel: the redirect behind {@code when: PriceFixes#never}, with {@code counters=false}. */
  public static final String WHEN_NEVER_NO_COUNTERS = WHEN_NEVER + ",counters=false";
  /** Scalpel: the redirect behind {@code when: PriceFixes#bulkOrder}. */
  public static final String WHEN_BULK = SCALPEL + "/when-bulk.yaml";
  /** Scalpel: {@code returns: 1999}. */
  public static final String RETURNS = SCALPEL + "/returns.yaml";
  /** Scalpel: the redirect with {@code rollout: 50%}, each call drawn independently. */
  public static final String ROLLOUT_50 = SCALPEL + "/rollout-50.yaml";
  /** Scalpel: the 50% rollout with the agent option {@code counters=false}. */
  public static final String ROLLOUT_50_NO_COUNTERS = ROLLOUT_50 + ",counters=false";
  /** Scalpel: the redirect in {@code mode: shadow}. */
  public static final String SHADOW = SCALPEL + "/shadow.yaml";
  /** Scalpel: a fix that calls the original through {@code Original.call}. */
  public static final String ORIGINAL = SCALPEL + "/original.yaml";
  /** Scalpel: one scale target patched. */
  public static final String SCALE_1 = SCALPEL + "/scale-1.yaml";
  /** Scalpel: all 1,000 scale targets patched. */
  public static final String SCALE_1000 = SCALPEL + "/scale-1000.yaml";

  /** Byteman 4.0.24 with a compiled rule doing the same redirect. */
  public static final String BYTEMAN = "-javaagent:" + Layout.BYTEMAN_AGENT + "=script:" + Layout.BYTEMAN_RULES
      + "/redirect.btm";
  /** The advice peer: a map lookup and a {@code MethodHandle} per call. */
  public static final String PEER_METHOD_HANDLE = "-javaagent:" + Layout.PEER_AGENT + "=methodhandle";
  /** The advice peer: a map lookup and {@code Method.invoke} per call. */
  public static final String PEER_REFLECTION = "-javaagent:" + Layout.PEER_AGENT + "=reflection";

  private Forks() {}
}
