package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fix jar's verified bytes cannot be bypassed: a class of the same name as the fix's, on the
 * application's class path, never runs in its place.
 */
final class FixJarIsolationIT {

  private static final String IMPOSTOR = """
      package dev.scalpel.testapps.fixes.pricing;

      import dev.scalpel.testapps.pricing.Cart;
      import dev.scalpel.testapps.pricing.PriceCalculator;
      import java.math.BigDecimal;

      /** Not the verified fix: a class of the same name on the application's class path. */
      public final class PriceFixes {
        private PriceFixes() {}

        public static BigDecimal total(PriceCalculator self, Cart cart, int discountPercent) {
          return new BigDecimal("666.66");
        }
      }
      """;

  /**
   * Guards that the fix runs from the jar the manifest's sha256 verified, not from a same-named
   * class the application's class loader (the fix loader's parent) could load.
   */
  @AcrossJdks
  void fixClassAlsoOnAppClassPath_theVerifiedJarsClassRuns(Jdk jdk, @TempDir Path dir) throws IOException {
    Path impostor = impostorJar(dir);
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX));

    JvmResult result = App.PRICING.runner(jdk, dir).classpath(List.of(impostor))
        .jvmArgs(Serving.agent(manifest))
        .run(App.PRICING.mainClass());

    result.assertNoTransformationError();
    result.assertSucceededWith(List.of(
        "order 1041: 2 x 4.50 = 9.00 (expected 9.00) ok",
        "order 1042: 3 x 2.675 = 8.03 (expected 8.03) ok",
        "order 1043: 2 x 10.05, 25% off = 15.08 (expected 15.08) ok",
        "order 1044: 1 x 12.50 + 2 x 4.50, 10% off = 19.35 (expected 19.35) ok"));
  }

  /** Compiles {@link #IMPOSTOR} against the apps jar (release 17, so every JDK runs it) into a jar of its own. */
  private static Path impostorJar(Path dir) throws IOException {
    Path src = Files.createDirectories(dir.resolve("impostor-src/dev/scalpel/testapps/fixes/pricing"));
    Path classes = Files.createDirectories(dir.resolve("impostor-classes"));
    Path source = Files.writeString(src.resolve("PriceFixes.java"), IMPOSTOR);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled = javac.getTask(diagnostics, null, null, List.of("--release", "17", "-d", classes.toString(),
        "-cp", Artifacts.appsJar().toString()), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
    assertTrue(compiled, () -> "cannot compile the impostor:\n" + diagnostics);
    Path jar = dir.resolve("impostor.jar");
    String entry = "dev/scalpel/testapps/fixes/pricing/PriceFixes.class";
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new ZipEntry(entry));
      j.write(Files.readAllBytes(classes.resolve(entry)));
      j.closeEntry();
    }
    return jar;
  }
}
