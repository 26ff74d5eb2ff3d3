package dev.scalpel.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JsonTest {

  @Test
  void parse_jmhShapedDocument() {
    Object doc = Json.parse("[{\"benchmark\": \"a.B.c\", \"params\": {\"patches\": \"10\"}, \"primaryMetric\": "
        + "{\"score\": 1.5e0, \"scoreError\": \"NaN\", \"rawData\": [[1, 2.5], [-3]]}, \"ok\": true, \"none\": null}]");
    Map<?, ?> bench = (Map<?, ?>) ((List<?>) doc).get(0);
    assertEquals("a.B.c", bench.get("benchmark"));
    assertEquals(Map.of("patches", "10"), bench.get("params"));
    Map<?, ?> metric = (Map<?, ?>) bench.get("primaryMetric");
    assertEquals(1.5, metric.get("score"));
    assertEquals(List.of(List.of(1.0, 2.5), List.of(-3.0)), metric.get("rawData"));
    assertEquals(Boolean.TRUE, bench.get("ok"));
    assertTrue(bench.containsKey("none"));
  }

  @Test
  void parse_escapesAndBareNaN() {
    assertEquals("a\"b\\c\nd\u00e9", Json.parse("\"a\\\"b\\\\c\\nd\\u00e9\""));
    assertTrue(Double.isNaN((Double) Json.parse("NaN")));
    assertEquals(List.of(), Json.parse(" [ ] "));
    assertEquals(Map.of(), Json.parse("{}"));
  }

  /** Malformed documents are refused with the offset, never read as something else. */
  @Test
  void parse_malformed() {
    for (String[] bad : Arrays.asList(
        new String[] {"", "JSON at offset 0: expected a value"},
        new String[] {"[1,", "JSON at offset 3: expected a value"},
        new String[] {"{\"a\" 1}", "JSON at offset 5: expected ':'"},
        new String[] {"{1: 2}", "JSON at offset 1: expected a member name"},
        new String[] {"[1] 2", "JSON at offset 4: expected end of document"},
        new String[] {"\"open", "JSON at offset 5: expected the end of a string"})) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad[0]), bad[0]);
      assertEquals(bad[1], e.getMessage(), bad[0]);
    }
  }

  @Test
  void readAll_keysIterationsAndAllocation() {
    List<Result> results = Result.readAll("[{\"benchmark\": \"dev.x.StartupBenchmark.withAgent\", \"params\": "
        + "{\"patches\": \"10\"}, \"primaryMetric\": {\"score\": 2.0, \"scoreError\": \"NaN\", \"scoreUnit\": \"ms/op\", "
        + "\"rawData\": [[1.0, 3.0], [2.0]]}, \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": 0.01}}}]");
    Result r = results.get(0);
    assertEquals("StartupBenchmark.withAgent:patches=10", r.key());
    assertEquals(List.of(1.0, 3.0, 2.0), r.iterations());
    assertEquals(2.0, r.median());
    assertEquals(0.0, r.errorOrZero());
    assertEquals(0.01, r.allocBytes());
  }
}
