package dev.scalpel.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of a sample. */
final class Stats {

  private Stats() {}

  /** The median; NaN for an empty sample. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The smallest value; NaN for an empty sample. */
  static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** The largest value; NaN for an empty sample. */
  static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** The error of a difference of two independent estimates with these errors. */
  static double combined(double a, double b) {
    return Math.sqrt(a * a + b * b);
  }
}
