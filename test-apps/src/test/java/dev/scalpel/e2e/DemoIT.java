package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code ./scalpel demo}, run to its end against the jars this build
 * made: a buggy service, a live hotfix, a live rollback, an intact audit chain; then a fix that
 * fails on some inputs, tripped by its autoRollback rule while the service keeps answering. The launcher builds
 * only when a jar is missing, and this test runs after packaging, so it never builds; it refuses to
 * start the launcher if a jar is missing rather than let it build.
 */
final class DemoIT {

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final long MINUTES = 3;

  /**
   * What the demo must print, in this order, each found in a line of its own (other lines may come
   * between): each step's heading, and what shows that the step did what its heading says.
   */
  private static final List<Pattern> EXPECTED_IN_ORDER = Stream.of(
      "^== 1\\. A pricing service is running in production, with a rounding bug: order 1042 comes out a cent short$",
      "^" + Pattern.quote(PricingUnderLoad.BUGGY) + "$",
      "^== 2\\. The hotfix: a manifest that redirects PriceCalculator#total to a fixed method in a patch jar$",
      "^  - id: PRICE-1$",
      "^\\$ scalpel validate .*/hotfix\\.yaml --classpath ",
      "/hotfix\\.yaml: valid, 1 patch, checked against the class path",
      "^== 3\\. Applied to the running process, no restart: the next call is right$",
      "^\\$ scalpel attach [0-9]+ .*/hotfix\\.yaml --audit ",
      "^" + Pattern.quote(PricingUnderLoad.FIXED) + "$",
      "^\\$ scalpel status [0-9]+$",
      "^PRICE-1 +active ",
      "^== 4\\. Rolled back at once: every thread runs the original code again$",
      "^\\$ scalpel rollback [0-9]+ PRICE-1$",
      "^" + Pattern.quote(PricingUnderLoad.BUGGY) + "$",
      "^== 5\\. Every change is in a tamper-evident audit log$",
      "^\\{\"seq\":1,",
      "^\\$ scalpel audit verify .*/audit\\.jsonl$",
      "/audit\\.jsonl: 4 records, chain intact$",
      "^== 6\\. Act two: a hasty fix that fails on some inputs, shipped with autoRollback$",
      "^    autoRollback:$",
      "^\\$ scalpel attach [0-9]+ .*/hasty\\.yaml --audit ",
      "^== 7\\. The fix throws on discounted orders: it trips and takes itself out, and the service keeps answering$",
      "^\\$ scalpel status [0-9]+$",
      "^PRICE-2 +tripped .*\\(tripped: error rate [0-9.]+% over [0-9]+ calls > 5%\\)$",
      "^order 1043: failed \\(java\\.lang\\.ArithmeticException: ",
      "^order 1043: 2 x 10\\.05, 25% off = 15\\.07 \\(expected 15\\.08\\) WRONG$",
      "^\"event\":\"patch-tripped\",\"patchId\":\"PRICE-2\"$",
      "^\"outcome\":\"tripped\",\"error\":\"error rate ",
      "/audit-2\\.jsonl: 4 records, chain intact$").map(Pattern::compile).toList();

  /** Guards {@code ./scalpel demo}: it runs to its end, exit code 0, and prints what each step promises. */
  @AcrossJdks
  void demo_runsToItsEnd(Jdk jdk, @TempDir Path dir) throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path launcher = root.resolve("scalpel");
    assertTrue(Files.isRegularFile(launcher), () -> "no launcher at " + launcher);
    for (Path jar : List.of(root.resolve("agent/target/scalpel-agent.jar"), root.resolve("test-apps/target/scalpel-test-apps.jar"),
        root.resolve("test-apps/target/fixes/scalpel-test-apps-pricing-fix.jar"))) {
      assertTrue(Files.isRegularFile(jar), () -> jar + " is missing: the launcher would build; run mvn package first");
    }

    List<String> lines = run(jdk, root, dir);

    int at = 0;
    for (String line : lines) {
      if (at < EXPECTED_IN_ORDER.size() && EXPECTED_IN_ORDER.get(at).matcher(line).find()) {
        at++;
      }
    }
    int found = at;
    assertEquals(EXPECTED_IN_ORDER.size(), found, () -> "the demo's output has no line matching /"
        + EXPECTED_IN_ORDER.get(found) + "/ after the lines found before it\n" + String.join("\n", lines));
  }

  /** Runs {@code ./scalpel demo} with {@code jdk}'s java first on the path; returns its output, colours removed. */
  private static List<String> run(Jdk jdk, Path root, Path dir) throws IOException, InterruptedException {
    Path log = dir.resolve("demo.log");
    ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("scalpel").toString(), "demo")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("PATH", jdk.java().getParent() + File.pathSeparator + System.getenv("PATH"));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    Process demo = builder.start();
    boolean done = demo.waitFor(MINUTES, TimeUnit.MINUTES);
    if (!done) {
      demo.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    }
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      lines.add(ANSI.matcher(line).replaceAll(""));
    }
    assertTrue(done, () -> "the demo did not end within " + MINUTES + " minutes; killed. Its output:\n" + String.join("\n", lines));
    assertEquals(0, demo.exitValue(), () -> "the demo's exit code; its output:\n" + String.join("\n", lines));
    return lines;
  }
}
