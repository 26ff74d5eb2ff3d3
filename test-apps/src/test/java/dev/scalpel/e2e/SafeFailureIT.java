package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests the agent must refuse: the application runs its original code, exits 0, and the
 * agent says on standard error which patch failed and why. Where the check is on the manifest
 * itself (its YAML, its jars), the manifest also holds a valid patch, which must not apply
 * either: applying is all or nothing. Checks against a target class hold one patch only, because
 * at startup such a patch waits for its class, and the contract applies it when the class loads.
 */
final class SafeFailureIT {

  private static final String PRICING_TARGET = PricingIT.TOTAL;
  private static final String AGENT_LINE = "scalpel: ";

  /** Guards that a YAML syntax error rejects the whole manifest and says where it is. */
  @AcrossJdks
  void badYaml_nothingApplies(Jdk jdk, @TempDir Path dir) {
    String yaml = ManifestFile.yaml(validTextPatch())
        + "  - id: \"BAD-YAML\"\n"
        + "    target: \"" + TextIT.SLUGIFY + "\"\n"
        + "    reason: a colon: in a plain scalar\n";
    int brokenLine = (int) yaml.lines().count();
    Path manifest = ManifestFile.write(dir, yaml);

    JvmResult result = App.TEXT.runWithAgent(jdk, dir, manifest);

    result.assertSucceededWith(App.TEXT.unpatchedOutput());
    Pattern location = Pattern.compile(Pattern.quote(manifest.toString()) + ":" + brokenLine + ":\\d+: ");
    assertTrue(result.stderrLines().stream()
            .anyMatch(line -> line.startsWith(AGENT_LINE) && location.matcher(line).find()),
        () -> "no agent line locates the error at " + manifest + ":" + brokenLine + ":COLUMN\n" + result.describe());
  }

  /** Guards that a missing fix jar rejects the whole manifest. */
  @AcrossJdks
  void missingJar_nothingApplies(Jdk jdk, @TempDir Path dir) {
    Path missing = dir.resolve("no-such-fix.jar");
    Path manifest = ManifestFile.write(dir, validTextPatch(),
        patch("MISSING-JAR", TextIT.SLUGIFY).fix(TextIT.SLUGIFY_FIX, missing.toString(), FixJar.TEXT.sha256()));

    JvmResult result = App.TEXT.runWithAgent(jdk, dir, manifest);

    result.assertSucceededWith(App.TEXT.unpatchedOutput());
    result.assertStderrLineContains(AGENT_LINE, "MISSING-JAR", "does not exist");
  }

  /** Guards that a jar whose SHA-256 differs from the manifest's rejects the whole manifest. */
  @AcrossJdks
  void sha256Mismatch_nothingApplies(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, validTextPatch(),
        patch("BAD-SHA", TextIT.SLUGIFY)
            .fix(TextIT.SLUGIFY_FIX, FixJar.TEXT.path().toString(), FixJar.PRICING.sha256()));

    JvmResult result = App.TEXT.runWithAgent(jdk, dir, manifest);

    result.assertSucceededWith(App.TEXT.unpatchedOutput());
    result.assertStderrLineContains(AGENT_LINE, "BAD-SHA", "sha256");
  }

  /** Guards that a target naming a method its class lacks is refused. */
  @AcrossJdks
  void noSuchMethod_patchRefused(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        patch("NO-METHOD", PRICING_TARGET.replace("#total(", "#totl("))
            .fix(FixJar.PRICING, PricingIT.FIX));

    JvmResult result = App.PRICING.runWithAgent(jdk, dir, manifest);

    result.assertSucceededWith(App.PRICING.unpatchedOutput());
    result.assertStderrLineContains(AGENT_LINE, "NO-METHOD", "has no method");
  }

  /** Guards that a fix whose parameters do not fit its target is refused, never called. */
  @AcrossJdks
  void fixSignatureMismatch_patchRefused(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        patch("MISFIT", PRICING_TARGET).fix(FixJar.PRICING, "dev.scalpel.testapps.fixes.pricing.MisfitFixes#total"));

    JvmResult result = App.PRICING.runWithAgent(jdk, dir, manifest);

    result.assertSucceededWith(App.PRICING.unpatchedOutput());
    result.assertStderrLineContains(AGENT_LINE, "MISFIT", "does not fit");
  }

  /** Guards that a {@code returns} constant of the wrong type (a string for an int) is refused. */
  @AcrossJdks
  void returnsTypeMismatch_patchRefused(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        patch("RET-MISFIT", "dev.scalpel.testapps.targets.Primitives#nextInt(int)").returns("\"seven\""));

    JvmResult result = App.ZOO.runWithAgent(jdk, dir, manifest);

    result.assertSucceededWith(App.ZOO.unpatchedOutput());
    result.assertStderrLineContains(AGENT_LINE, "RET-MISFIT", "does not fit");
  }

  /** A patch that applies when its manifest is valid: it would change the text app's second line. */
  private static Patch validTextPatch() {
    return patch("TEXT-OK", TextIT.ELLIPSIZE).fix(FixJar.TEXT, TextIT.ELLIPSIZE_FIX);
  }
}
