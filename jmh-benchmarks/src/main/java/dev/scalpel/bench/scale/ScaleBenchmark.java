package dev.scalpel.bench.scale;

import dev.scalpel.bench.Forks;
import dev.scalpel.bench.app.scale.ScaleTarget;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Whether the number of active patches changes the cost of one patched call: {@code ScaleTarget#price}
 * redirected by a manifest of 1 patch and by one of 1,000 patches on 1,000 classes, all loaded and
 * checked active before measuring. Every fork loads all 1,000 classes, so that only the patches
 * differ.
 *
 * <p>All of them: {@code java -jar jmh-benchmarks/target/benchmarks.jar ScaleBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ScaleBenchmark {

  int quantity;
  int unitCents;

  /** Loads the 1,000 targets and checks that exactly the benchmark's patches are active. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    quantity = ScaleTargets.QUANTITY;
    unitCents = ScaleTargets.UNIT_CENTS;
    String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    int fixed = switch (benchmark) {
      case "unpatched" -> 0;
      case "onePatch" -> 1;
      case "thousandPatches" -> ScaleTargets.COUNT;
      default -> throw new IllegalStateException("benchmark " + benchmark + " has no expected patch count");
    };
    ScaleTargets.loadAndCheck(ScaleTargets.COUNT, fixed);
  }

  /**
   * The target without any agent: the baseline.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'ScaleBenchmark.unpatched$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.NONE)
  public int unpatched() {
    return ScaleTarget.price(quantity, unitCents);
  }

  /**
   * The target redirected by a manifest of one patch.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'ScaleBenchmark.onePatch$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.SCALE_1)
  public int onePatch() {
    return ScaleTarget.price(quantity, unitCents);
  }

  /**
   * The same target redirected by a manifest of 1,000 patches, all active.
   * {@code java -jar jmh-benchmarks/target/benchmarks.jar 'ScaleBenchmark.thousandPatches$' -prof gc}
   */
  @Benchmark
  @Fork(value = Forks.COUNT, jvmArgsAppend = Forks.SCALE_1000)
  public int thousandPatches() {
    return ScaleTarget.price(quantity, unitCents);
  }
}
