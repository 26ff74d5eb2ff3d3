package dev.scalpel.bench.setup;

import dev.scalpel.bench.app.scale.ScaleTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes the benchmarks' manifests, each with the SHA-256 of the patch jar it names, into
 * {@code BENCH_DIR/manifests}. Run by the build once the patch jars exist.
 */
public final class WriteManifests {

  /** The patch jar of every fix but the one that calls the original. */
  public static final String FIXES_JAR = "scalpel-jmh-benchmarks-fixes.jar";
  /** The patch jar of the fix that calls the original through {@code Original.call}. */
  public static final String ORIGINAL_FIX_JAR = "scalpel-jmh-benchmarks-original-fix.jar";

  private static final String TOTAL = "dev.scalpel.bench.app.PriceCalculator#total(dev.scalpel.bench.app.Order, int)";
  private static final String PRICE_FIXES = "dev.scalpel.bench.fixes.PriceFixes";
  private static final String LEGACY = "dev.scalpel.bench.app.legacy.";
  private static final String TOTAL_ARGS = "#total(dev.scalpel.bench.app.Order, int)";
  private static final String LEGACY_FIXES = "dev.scalpel.bench.fixes.LegacyFixes";

  private final Path manifests;
  private final String fixesSha;
  private final String originalSha;

  private WriteManifests(Path benchDir) throws IOException {
    this.manifests = benchDir.resolve("manifests");
    this.fixesSha = sha256(benchDir.resolve(FIXES_JAR));
    this.originalSha = sha256(benchDir.resolve(ORIGINAL_FIX_JAR));
  }

  /** {@code WriteManifests BENCH_DIR COPIES}: the hot-path manifests and scale-N for N in 1, 10, 100, COPIES + 1. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: WriteManifests BENCH_DIR COPIES");
    }
    new WriteManifests(Path.of(args[0])).writeAll(Integer.parseInt(args[1]) + 1);
  }

  private void writeAll(int targets) throws IOException {
    Files.createDirectories(manifests);
    String fix = fix(PRICE_FIXES + "#total");
    write("redirect", patch("HOT-REDIRECT", TOTAL) + fix);
    write("redirect-latency", patch("HOT-REDIRECT-LATENCY", TOTAL) + fix
        + "    autoRollback:\n      maxLatency: 50ms\n      minCalls: 100\n");
    write("disabled", patch("HOT-DISABLED", TOTAL) + fix + "    mode: disabled\n");
    write("when-never", patch("HOT-WHEN-NEVER", TOTAL) + fix + "    when: " + PRICE_FIXES + "#never\n");
    write("when-bulk", patch("HOT-WHEN-BULK", TOTAL) + fix + "    when: " + PRICE_FIXES + "#bulkOrder\n");
    write("redirect-java13", patch("HOT-REDIRECT-JAVA13", LEGACY + "Java13Calculator" + TOTAL_ARGS)
        + fix(LEGACY_FIXES + "#totalJava13"));
    write("redirect-java5", patch("HOT-REDIRECT-JAVA5", LEGACY + "Java5Calculator" + TOTAL_ARGS)
        + fix(LEGACY_FIXES + "#totalJava5"));
    write("returns", patch("HOT-RETURNS", TOTAL) + "    returns: 1999\n");
    write("rollout-50", patch("HOT-ROLLOUT-50", TOTAL) + fix + "    rollout: 50%\n");
    write("shadow", patch("HOT-SHADOW", TOTAL) + fix + "    mode: shadow\n");
    write("original", patch("HOT-ORIGINAL", TOTAL)
        + "    fix: dev.scalpel.bench.fixes.original.OriginalFixes#total\n"
        + "    jar: ../" + ORIGINAL_FIX_JAR + "\n"
        + "    sha256: " + originalSha + "\n");
    for (int n : new int[] {1, 10, 100, targets}) {
      if (n <= targets) {
        write("scale-" + n, scale(n));
      }
    }
  }

  private String scale(int n) {
    StringBuilder patches = new StringBuilder();
    String fix = fix("dev.scalpel.bench.fixes.ScaleFixes#price");
    for (int i = 0; i < n; i++) {
      patches.append(patch(String.format(java.util.Locale.ROOT, "SCALE-%04d", i),
          ScaleTarget.className(i) + "#price(int, int)")).append(fix);
    }
    return patches.toString();
  }

  private static String patch(String id, String target) {
    return "  - id: " + id + "\n    target: " + target + "\n";
  }

  private String fix(String method) {
    return "    fix: " + method + "\n    jar: ../" + FIXES_JAR + "\n    sha256: " + fixesSha + "\n";
  }

  private void write(String name, String patches) throws IOException {
    Files.writeString(manifests.resolve(name + ".yaml"), "scalpel: 1\npatches:\n" + patches, StandardCharsets.UTF_8);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
