package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that forbids dynamic agent loading (JDK 21+) refuses attach, and the command says what to do. */
final class DynamicLoadingRefusedIT {

  /** Guards the message an operator gets from a JVM started with -XX:-EnableDynamicAgentLoading. */
  @AcrossJdks
  void attach_targetForbidsDynamicAgents_refusedWithAdvice(Jdk jdk, @TempDir Path dir) {
    assumeTrue(feature(jdk) >= 21, "EnableDynamicAgentLoading exists from JDK 21 on");
    Scalpel scalpel = Scalpel.on(jdk, dir);
    Path manifest = ManifestFile.writeTo(dir.resolve("hotfix.yaml"),
        ManifestFile.yaml(patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX)));
    try (PricingUnderLoad app = PricingUnderLoad.start(jdk, dir, "-XX:-EnableDynamicAgentLoading")) {
      JvmResult refused = scalpel.attach(app.pid(), manifest);
      assertEquals(Scalpel.REFUSED, refused.exitCode(), refused::describe);
      refused.assertStderrLineContains("refused to load the agent", "-XX:-EnableDynamicAgentLoading",
          "start it with -javaagent instead");
      app.awaitResults(PricingUnderLoad.BUGGY);
    }
  }

  private static int feature(Jdk jdk) {
    String v = jdk.version();
    return v.equals("unknown") ? 0 : Integer.parseInt(v.split("[.+-]")[0]);
  }
}
