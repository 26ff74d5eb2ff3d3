package dev.scalpel.bench.hotpath;

import dev.scalpel.bench.Forks;
import dev.scalpel.bench.fixes.PriceFixes;
import dev.scalpel.bench.fixes.original.OriginalFixes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scalpel's interception hot path: one call of {@code PriceCalculator#total(Order, int)} in each of
 * Scalpel's modes, each in JVMs started with {@code -javaagent:scalpel-agent.jar=manifest=...} and
 * that mode's manifest, next to the same call in JVMs without an agent ({@link #baseline}) and the
 * direct calls that are each mode's floor.
 *
 * <p>All of them: {@code java -jar jmh-benchmarks/target/benchmarks.jar HotPathBenchmark -prof gc}
 * (build first: {@code mvn -B -pl jmh-benchmarks -am install -DskipTests}). Each method's javadoc
 * gives the command that runs it alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HotPathBenchmark {

  /**
   * Never patched: {@code total} in a JVM without any agent. The baseline.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.baseline$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public long baseline(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@code shipping}, a method of the class no patch targets, in a JVM without any agent: the floor of
   * {@link #nonTargetOfPatchedClass}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.nonTargetUnpatched$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public long nonTargetUnpatched(PricingState s) {
    return s.calculator.shipping(s.order);
  }

  /**
   * {@code shipping} while Scalpel redirects {@code total} of the same class.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.nonTargetOfPatchedClass$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.REDIRECT)
  public long nonTargetOfPatchedClass(PricingState s) {
    return s.calculator.shipping(s.order);
  }

  /**
   * {@code total} under a {@code mode: disabled} patch, which this engine does not install at all.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.disabled$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.DISABLED)
  public long disabled(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@code total} under an active patch whose {@code when} guard always returns false: the prologue is
   * installed and every call runs the original body.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.whenNever$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.WHEN_NEVER)
  public long whenNever(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@link #whenNever} with the agent option {@code counters=false}: the guard no longer counts the
   * calls it sends to the original code.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.whenNeverNoCounters$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.WHEN_NEVER_NO_COUNTERS)
  public long whenNeverNoCounters(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@code total} redirected to {@code PriceFixes#total} by an active patch, with the agent's
   * default per-call counters and evidence: one call in 1,024 per thread is timed, the others pay
   * the sampler's check. Against {@link #redirectNoCounters}: what counting and evidence cost.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.redirect$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.REDIRECT)
  public long redirect(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@link #redirect} with {@code autoRollback: {maxLatency: 50ms}}: a latency rule makes the
   * sampler time one call in 64 per thread and path rather than one in 1,024. Against
   * {@link #redirect}: what the denser sampling costs.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.redirectLatencyRule$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.REDIRECT_LATENCY_RULE)
  public long redirectLatencyRule(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@link #redirect} with the agent option {@code counters=false}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.redirectNoCounters$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.REDIRECT_NO_COUNTERS)
  public long redirectNoCounters(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@link #redirectNoCounters} on a target whose class file is of Java 1.3 (version 47), which
   * the agent raises to version 51 to give it the same prologue.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.redirectJava13NoCounters$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.REDIRECT_JAVA13_NO_COUNTERS)
  public long redirectJava13NoCounters(PricingState s) {
    return s.java13.total(s.order, s.discountPercent);
  }

  /**
   * {@link #redirectNoCounters} on a target whose class file is of Java 5 (version 49).
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.redirectJava5NoCounters$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.REDIRECT_JAVA5_NO_COUNTERS)
  public long redirectJava5NoCounters(PricingState s) {
    return s.java5.total(s.order, s.discountPercent);
  }

  /**
   * The fix called directly in a JVM without any agent: the floor of {@link #redirect}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.fixDirect$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public long fixDirect(PricingState s) {
    return PriceFixes.total(s.calculator, s.order, s.discountPercent);
  }

  /**
   * {@code total} under {@code returns: 1999}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.returnsConstant$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.RETURNS)
  public long returnsConstant(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * A method that returns the constant, without any agent: the floor of {@link #returnsConstant}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.constantFloor$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public long constantFloor(PricingState s) {
    return PricingState.CONSTANT;
  }

  /**
   * {@code total} redirected by a {@code rollout: 50%} patch: each call draws whether it takes the
   * fix, so half the calls run the fix and half the original body. Its floor is the mean of
   * {@link #baseline} and {@link #fixDirect}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.rollout50$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.ROLLOUT_50)
  public long rollout50(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * A 50% draw per call and the branch on it, written by hand without any agent: the same draw as
   * the gate's (one uniform 32-bit number from {@code ThreadLocalRandom} against a precomputed
   * bound), then the fix or the original. The floor of {@link #rollout50NoCounters}: what any gate
   * that draws per call costs over the mean of the two paths, the branch the CPU cannot predict
   * included.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.rolloutFloor$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public long rolloutFloor(PricingState s) {
    return PricingState.drawnTotal(s);
  }

  /**
   * {@link #rollout50} with the agent option {@code counters=false}: what the gate costs without the
   * counts of each path.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.rollout50NoCounters$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.ROLLOUT_50_NO_COUNTERS)
  public long rollout50NoCounters(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@code total} under a {@code mode: shadow} patch: the original answers, then the fix runs on the
   * same arguments and the two results are compared and counted (here they always differ).
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.shadow$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.SHADOW)
  public long shadow(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * The original and then the fix, called directly without any agent, the original's result
   * returned: the floor of {@link #shadow}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.shadowFloor$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public void shadowFloor(PricingState s, Blackhole blackhole) {
    blackhole.consume(s.calculator.total(s.order, s.discountPercent));
    blackhole.consume(PriceFixes.total(s.calculator, s.order, s.discountPercent));
  }

  /**
   * {@code total} behind {@code when: PriceFixes#bulkOrder}, which is true for these inputs.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.whenBulk$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.WHEN_BULK)
  public long whenBulk(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * The guard and then the fix, called directly without any agent: the floor of {@link #whenBulk}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.whenBulkFloor$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public long whenBulkFloor(PricingState s) {
    return PriceFixes.bulkOrder(s.calculator, s.order, s.discountPercent)
        ? PriceFixes.total(s.calculator, s.order, s.discountPercent)
        : s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * {@code total} redirected to a fix that validates its input and then runs the original body
   * through {@code Original.call}: the guard checks the thread-local bypass on every call.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.originalCall$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.ORIGINAL)
  public long originalCall(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * The same fix called directly without any agent, where {@code Original.call} just runs its
   * block: the floor of {@link #originalCall}.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'HotPathBenchmark.originalCallFloor$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public long originalCallFloor(PricingState s) {
    return OriginalFixes.total(s.calculator, s.order, s.discountPercent);
  }
}
