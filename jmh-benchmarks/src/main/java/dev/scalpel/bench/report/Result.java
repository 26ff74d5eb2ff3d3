package dev.scalpel.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One JMH result: a benchmark (with its parameters) and its primary metric, every iteration's
 * score, and the allocation per operation when {@code -prof gc} ran.
 *
 * @param key        {@code Class.method}, without the package, plus {@code :param=value} pairs
 * @param unit       the score's unit, as JMH writes it
 * @param score      the mean over all iterations of all forks
 * @param error      the half-width of JMH's 99.9% confidence interval (NaN with too few iterations)
 * @param iterations every measured iteration's score, all forks together
 * @param allocBytes bytes allocated per operation ({@code gc.alloc.rate.norm}), or NaN
 */
record Result(String key, String unit, double score, double error, List<Double> iterations, double allocBytes) {

  /** Reads every result of a JMH JSON file. */
  @SuppressWarnings("unchecked")
  static List<Result> readAll(String jmhJson) {
    List<Result> results = new ArrayList<>();
    for (Object o : (List<Object>) Json.parse(jmhJson)) {
      Map<String, Object> b = (Map<String, Object>) o;
      String benchmark = (String) b.get("benchmark");
      String[] parts = benchmark.split("\\.");
      StringBuilder key = new StringBuilder(parts[parts.length - 2] + "." + parts[parts.length - 1]);
      Map<String, Object> params = (Map<String, Object>) b.get("params");
      if (params != null) {
        params.forEach((name, value) -> key.append(':').append(name).append('=').append(value));
      }
      Map<String, Object> primary = (Map<String, Object>) b.get("primaryMetric");
      List<Double> iterations = new ArrayList<>();
      for (Object fork : (List<Object>) primary.get("rawData")) {
        for (Object value : (List<Object>) fork) {
          iterations.add(number(value));
        }
      }
      Map<String, Object> secondary = (Map<String, Object>) b.get("secondaryMetrics");
      double alloc = Double.NaN;
      if (secondary != null && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> norm) {
        alloc = number(norm.get("score"));
      }
      results.add(new Result(key.toString(), (String) primary.get("scoreUnit"), number(primary.get("score")),
          number(primary.get("scoreError")), List.copyOf(iterations), alloc));
    }
    return results;
  }

  // JMH writes a number JSON cannot hold, such as the error of a single iteration, as a string: "NaN".
  private static double number(Object value) {
    return value instanceof String text ? Double.parseDouble(text) : (Double) value;
  }

  /** The median iteration. */
  double median() {
    return Stats.median(iterations);
  }

  /** The error, or 0 where JMH could not compute one. */
  double errorOrZero() {
    return Double.isNaN(error) ? 0 : error;
  }
}
