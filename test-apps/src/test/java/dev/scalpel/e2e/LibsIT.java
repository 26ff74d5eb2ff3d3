package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** An application shipping its own SnakeYAML and Byte Buddy, which the agent also uses. */
final class LibsIT {

  /** Guards that the agent's relocated libraries never meet the app's: only the patched line changes. */
  @AcrossJdks
  void libs_ownLibrariesUntouched(Jdk jdk, @TempDir Path dir) {
    App.LIBS.run(jdk, dir).assertSucceededWith(App.LIBS.unpatchedOutput());

    Path manifest = ManifestFile.write(dir, patch("LIBS-1", "dev.scalpel.testapps.libs.Report#title()")
        .fix(FixJar.LIBS, "dev.scalpel.testapps.fixes.libs.LibsFixes#title"));

    App.LIBS.runWithAgent(jdk, dir, manifest)
        .assertSucceededWith(App.LIBS.outputWith("title=libraries report, final"));
  }
}
