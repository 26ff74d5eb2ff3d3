package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tests' reader of Prometheus' text format. */
final class PrometheusScrapeTest {

  private static final String ACTIVE = "scalpel_patch_state{id=\"PRICE-1\",state=\"active\"}";

  /** Guards that series are keyed with their labels sorted, escapes read, comments and timestamps skipped. */
  @Test
  void parse_exporterOutput() {
    PrometheusScrape scrape = PrometheusScrape.parse("""
        # HELP scalpel_patch_state The patch's state
        # TYPE scalpel_patch_state gauge
        scalpel_patch_state{state="active",id="PRICE-1",} 1.0

        scalpel_patch_calls_total{id="PRICE-1",path="fixed"} 93.0 1700000000000
        scalpel_patch_note{id="a\\"b\\\\c\\nd"} 1
        jvm_threads_current 12
        """);

    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put(ACTIVE, 1.0);
    expected.put("scalpel_patch_calls_total{id=\"PRICE-1\",path=\"fixed\"}", 93.0);
    expected.put("scalpel_patch_note{id=\"a\\\"b\\\\c\\nd\"}", 1.0);
    expected.put("jvm_threads_current", 12.0);
    assertEquals(expected, scrape.samples());
    assertEquals(Optional.of(1.0), scrape.value(ACTIVE));
    assertEquals(Map.of(ACTIVE, 1.0), scrape.named("scalpel_patch_state"));
  }

  /** Guards that a line that is not a sample is refused, each with the exact message. */
  @Test
  void parse_invalid() {
    Map<String, String> invalid = new LinkedHashMap<>();
    invalid.put("lonely", "not a sample line: lonely");
    invalid.put("m{a=1} 2", "not a label list in: m{a=1} 2");
    invalid.put("m{a=\"1} 2", "an unterminated label value in: m{a=\"1} 2");
    invalid.put("m 1,5", "not a sample value in: m 1,5");
    for (Map.Entry<String, String> c : invalid.entrySet()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse(c.getKey()),
          c.getKey());
      assertEquals(c.getValue(), e.getMessage(), c.getKey());
    }
  }
}
