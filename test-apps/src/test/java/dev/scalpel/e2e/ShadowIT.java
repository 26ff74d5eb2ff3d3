package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow mode in a separate JVM: the caller gets the original's answer while the fix runs beside
 * it, and {@code status} shows the matches, the mismatches and the sample of mismatches.
 */
final class ShadowIT {

  /** The fix's outcome for order 1042 next to the original's, as a mismatch sample shows them. */
  private static final String SAMPLE_OUTCOMES = " original=8.02 fix=8.03";

  /**
   * Guards shadow mode end to end: a fix that answers differently (PRICE-1) never reaches the
   * caller and counts mismatches with samples; an action that answers the same (PRICE-2) counts
   * matches; both runs of a shadowed call are timed, so {@code latency} shows the fix and the
   * original, as a {@code maxLatency} rule reads them.
   */
  @AcrossJdks
  void shadow_callerGetsTheOriginal_statusShowsTheComparison(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX).mode("shadow"),
        patch("PRICE-2", AttachIT.DISCOUNT).returns("0").mode("shadow"));
    Scalpel scalpel = Scalpel.on(jdk, dir);

    try (RunningJvm app = Serving.start(jdk, dir, Serving.agent(manifest))) {
      app.awaitStdoutLine(PricingUnderLoad.BUGGY);
      Map<String, Map<String, Object>> shadows = Map.of();
      AgentStatus status = null;
      // The app prices once every 100 ms; a few status calls see the comparisons grow.
      for (int attempt = 0; attempt < 30; attempt++) {
        status = scalpel.statusJson(app.pid());
        shadows = shadows(status.json());
        if (count(shadows, "PRICE-1", "mismatches") > 0 && count(shadows, "PRICE-2", "matches") > 0
            && samples(status.json(), "PRICE-1", "fixed") > 0 && samples(status.json(), "PRICE-1", "original") > 0) {
          break;
        }
      }
      AgentStatus last = status;
      assertEquals(List.of("PRICE-1 shadow", "PRICE-2 shadow"), last.states(), last::json);
      assertTrue(count(shadows, "PRICE-1", "mismatches") > 0, () -> "no mismatch counted, 30 status calls later: " + last.json());
      assertEquals(0, count(shadows, "PRICE-1", "matches"), last::json);
      assertTrue(count(shadows, "PRICE-2", "matches") > 0, () -> "no match counted, 30 status calls later: " + last.json());
      assertEquals(0, count(shadows, "PRICE-2", "mismatches"), last::json);
      List<?> samples = (List<?>) shadows.get("PRICE-1").get("samples");
      assertTrue(!samples.isEmpty() && samples.size() <= 10, last::json);
      assertTrue(samples.stream().allMatch(s -> ((String) s).startsWith("args=[") && ((String) s).endsWith(SAMPLE_OUTCOMES)),
          last::json);
      assertEquals(List.of(), shadows.get("PRICE-2").get("samples"), last::json);
      for (String path : List.of("fixed", "original")) {
        assertTrue(samples(last.json(), "PRICE-1", path) > 0, () -> "no timed " + path + " call in the shadow, 30 status"
            + " calls later: " + last.json());
      }
      JvmResult human = scalpel.status(app.pid());
      assertTrue(human.stdoutLines().stream().anyMatch(l -> l.matches("\\s+latency fixed +p50=\\S+ p99=\\S+ max=\\S+ .*")),
          () -> "a latency line for the fix in the shadow:\n" + human.describe());

      // Every line the caller printed is the original's total: nothing of the fix reached it.
      assertEquals(List.of(Serving.READY, PricingUnderLoad.BUGGY), app.stdoutLines());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> shadows(String json) {
    Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
    for (Object p : (List<Object>) Json.readObject(json).get("patches")) {
      Map<String, Object> patch = (Map<String, Object>) p;
      Object shadow = patch.get("shadow");
      if (shadow == null) {
        throw new AssertionError("patch " + patch.get("id") + " in shadow mode shows no 'shadow' object: " + json);
      }
      byId.put((String) patch.get("id"), (Map<String, Object>) shadow);
    }
    return byId;
  }

  /** How many calls of the patch's path {@code status --json} shows timed; 0 without a latency object. */
  @SuppressWarnings("unchecked")
  private static long samples(String json, String id, String path) {
    for (Object p : (List<Object>) Json.readObject(json).get("patches")) {
      Map<String, Object> patch = (Map<String, Object>) p;
      if (id.equals(patch.get("id")) && patch.get("latency") instanceof Map<?, ?> latency
          && latency.get(path) instanceof Map<?, ?> figures) {
        return (Long) figures.get("samples");
      }
    }
    return 0;
  }

  private static long count(Map<String, Map<String, Object>> shadows, String id, String key) {
    Map<String, Object> shadow = shadows.get(id);
    return shadow == null ? 0 : (Long) shadow.get(key);
  }
}
