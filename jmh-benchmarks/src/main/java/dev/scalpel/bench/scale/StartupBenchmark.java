package dev.scalpel.bench.scale;

import dev.scalpel.bench.Forks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Startup cost: the wall time of a whole JVM, from its start to its exit, that loads {@code patches}
 * scale targets, checks that each one runs its fix (so every patch is active) and exits. With
 * {@code -javaagent:scalpel-agent.jar=manifest=scale-N.yaml} against the same JVM and classes without
 * it; one new JVM per measured iteration.
 *
 * <p>All of them: {@code java -jar jmh-benchmarks/target/benchmarks.jar StartupBenchmark};
 * the 10-patch case alone: {@code java -jar jmh-benchmarks/target/benchmarks.jar StartupBenchmark -p patches=10}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = Forks.NONE)
@State(Scope.Benchmark)
public class StartupBenchmark {

  /** How many patches the manifest holds, and how many targets the JVM loads. */
  @Param({"1", "10", "100", "1000"})
  int patches;

  /**
   * The JVM without the agent: the baseline.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'StartupBenchmark.withoutAgent$' -p patches=10}
   */
  @Benchmark
  public int withoutAgent() {
    return Probes.run(patches, false, false).length();
  }

  /**
   * The JVM with Scalpel and a manifest of {@code patches} patches, until all of them are active.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'StartupBenchmark.withAgent$' -p patches=10}
   */
  @Benchmark
  public int withAgent() {
    return Probes.run(patches, true, false).length();
  }
}
