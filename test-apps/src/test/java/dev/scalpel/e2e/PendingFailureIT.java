package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pending patch that cannot apply when its class finally loads: the README promises that only
 * that patch fails, with the state {@code failed} and a {@code patch-failed} audit record, while
 * the class runs its original code and the other patches stay in force.
 */
final class PendingFailureIT {

  private static final String HOST = "dev.scalpel.testapps.targets.PluginHost";
  private static final String PLUGIN = "dev.scalpel.testapps.plugin.GreetingPlugin";

  /**
   * Guards the {@code failed} state and its {@code patch-failed} record: a patch on a method the
   * plugin class lacks waits as {@code pending} (no class path at start-up holds the plugin), and
   * fails as the plugin loads through the host's own class loader.
   */
  @AcrossJdks
  void pendingPatch_cannotApplyWhenItsClassLoads_failsAlone(Jdk jdk, @TempDir Path dir) throws IOException {
    Path manifest = ManifestFile.write(dir,
        patch("PLUGIN-1", PLUGIN + "#greet(int)").returns("\"patched\""),
        patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX));
    AuditTrail audit = new AuditTrail(dir.resolve("scalpel-audit.jsonl"));
    Path loadFile = dir.resolve("load-now");
    Scalpel scalpel = Scalpel.on(jdk, dir);

    try (RunningJvm host = App.PRICING.runner(jdk, dir).timeout(Duration.ofMinutes(2))
        .jvmArgs(Serving.agent(manifest))
        .start(HOST, Artifacts.pluginJar().toString(), loadFile.toString())) {
      host.awaitStdoutLine("ready");
      audit.expectNext(host, "agent-started ok", "manifest-applied ok", "patch-activated PLUGIN-1 pending",
          "patch-activated PRICE-1 pending");
      assertEquals(List.of("PLUGIN-1 pending", "PRICE-1 pending"), scalpel.statusJson(host.pid()).states());

      Files.createFile(loadFile);
      host.awaitStdoutLine("plugin=hello from plugin");

      List<AuditTrail.Entry> failed = audit.expectNext(host, "patch-failed PLUGIN-1 failed");
      assertTrue(failed.get(0).error().contains("greet"), audit::describe);
      AgentStatus status = scalpel.statusJson(host.pid());
      assertEquals(List.of("PLUGIN-1 failed", "PRICE-1 pending"), status.states(), status::json);
      Map<String, Object> plugin = patchJson(status.json(), 0);
      assertTrue(plugin.get("failure") instanceof String f && f.contains("greet"), status::json);
      host.closeStdin();
      JvmResult result = host.finish();
      assertEquals(0, result.exitCode(), result::describe);
      result.assertStderrLineContains("scalpel: error: patch 'PLUGIN-1': ");
      audit.assertNoMore();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> patchJson(String json, int index) {
    return (Map<String, Object>) ((List<Object>) Json.readObject(json).get("patches")).get(index);
  }
}
