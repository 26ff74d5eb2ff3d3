package dev.scalpel.bench.hotpath;

import dev.scalpel.bench.Forks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Other ways of doing {@link HotPathBenchmark#redirect}'s redirect of
 * {@code PriceCalculator#total(Order, int)} to {@code PriceFixes#total}, each loaded as its own
 * {@code -javaagent} in its own forks. Compare with {@code HotPathBenchmark.baseline},
 * {@code fixDirect} and {@code redirect} of the same run.
 *
 * <p>All of them: {@code java -jar jmh-benchmarks/target/benchmarks.jar PeerBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerBenchmark {

  /**
   * A Byteman 4.0.24 rule, compiled to bytecode, that returns {@code PriceFixes.total($0, $1, $2)} at
   * the method's entry.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'PeerBenchmark.byteman$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.BYTEMAN)
  public long byteman(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * Byte Buddy advice inlined into the method that looks the fix's {@code MethodHandle} up in a
   * {@code ConcurrentHashMap} on every call and calls it with {@code invokeExact}: the common
   * hand-written hotfix agent, typed to this method so that it neither boxes nor allocates.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'PeerBenchmark.adviceMethodHandle$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.PEER_METHOD_HANDLE)
  public long adviceMethodHandle(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }

  /**
   * The same advice, dispatching through a {@code java.lang.reflect.Method} from the map with
   * {@code Method.invoke} on every call.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'PeerBenchmark.adviceReflection$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.PEER_REFLECTION)
  public long adviceReflection(PricingState s) {
    return s.calculator.total(s.order, s.discountPercent);
  }
}
