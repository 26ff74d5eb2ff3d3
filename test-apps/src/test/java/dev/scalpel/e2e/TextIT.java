package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The text app's two bugs: one fixed outright, one by a fix that calls the original. */
final class TextIT {

  static final String ELLIPSIZE = "dev.scalpel.testapps.text.Truncate#ellipsize(java.lang.String, int)";
  static final String SLUGIFY = "dev.scalpel.testapps.text.Slugifier#slugify(java.lang.String)";
  static final String ELLIPSIZE_FIX = "dev.scalpel.testapps.fixes.text.TextFixes#ellipsize";
  static final String SLUGIFY_FIX = "dev.scalpel.testapps.fixes.text.TextFixes#slugify";

  /** Guards the baseline: a shortened title one character short, slugs with a trailing dash. */
  @AcrossJdks
  void text_withoutAgent(Jdk jdk, @TempDir Path dir) {
    App.TEXT.run(jdk, dir).assertSucceededWith(App.TEXT.unpatchedOutput());
  }

  /** Guards a static target fixed from a jar named relative to the manifest's folder. */
  @AcrossJdks
  void text_fixFromRelativeJar(Jdk jdk, @TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("fixes"));
    Path jar = Files.copy(FixJar.TEXT.path(), dir.resolve("fixes/text-fix.jar"));
    Path manifest = ManifestFile.write(dir,
        patch("TEXT-1", ELLIPSIZE).fix(ELLIPSIZE_FIX, "fixes/text-fix.jar", FixJar.sha256(jar)));

    App.TEXT.runWithAgent(jdk, dir, manifest).assertSucceededWith(List.of(
        "ellipsize(\"Scalpel\", 10) = \"Scalpel\" (7 chars, limit 10)",
        "ellipsize(\"Surgical hotfixes for running JVMs\", 16) = \"Surgical hotf...\" (16 chars, limit 16)",
        "slugify(\"Hello, World!\") = \"hello-world-\"",
        "slugify(\"Rounding: off by a cent?\") = \"rounding-off-by-a-cent-\"",
        "slugify(\"already-clean\") = \"already-clean\""));
  }

  /** Guards {@code Original.call}: the fix runs the original body once and cleans up its result. */
  @AcrossJdks
  void text_fixCallsOriginal(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir, patch("TEXT-2", SLUGIFY).fix(FixJar.TEXT, SLUGIFY_FIX));

    App.TEXT.runWithAgent(jdk, dir, manifest).assertSucceededWith(List.of(
        "ellipsize(\"Scalpel\", 10) = \"Scalpel\" (7 chars, limit 10)",
        "ellipsize(\"Surgical hotfixes for running JVMs\", 16) = \"Surgical hot...\" (15 chars, limit 16)",
        "slugify(\"Hello, World!\") = \"hello-world\"",
        "slugify(\"Rounding: off by a cent?\") = \"rounding-off-by-a-cent\"",
        "slugify(\"already-clean\") = \"already-clean\""));
  }
}
