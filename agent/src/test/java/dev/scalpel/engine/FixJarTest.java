package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.engine.fixtures.SampleFixes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FixJarTest {

  @TempDir
  Path dir;

  @Test
  void load_verifiedJar_definesItsClassesUnderTheParent() throws Exception {
    Path jar = PatchJars.of(dir.resolve("fix.jar"), SampleFixes.class);
    FixJar fix = FixJar.load(jar, PatchJars.sha256(jar).toUpperCase(java.util.Locale.ROOT));
    assertThat(fix.contains(SampleFixes.class.getName())).isTrue();
    assertThat(fix.callsOriginal()).isFalse();
    ClassLoader loader = fix.newLoader(getClass().getClassLoader());
    Class<?> defined = Class.forName(SampleFixes.class.getName(), false, loader);
    // Parent first: the parent (the test's class path) already has the class.
    assertThat(defined).isSameAs(SampleFixes.class);
    Class<?> isolated = Class.forName(SampleFixes.class.getName(), false, fix.newLoader(null));
    assertThat(isolated.getClassLoader()).isInstanceOf(FixJar.FixClassLoader.class);
  }

  @Test
  void load_missingJar_saysSo() {
    Path missing = dir.resolve("nope.jar");
    assertThatThrownBy(() -> FixJar.load(missing, "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fix jar " + missing + " does not exist");
  }

  /** Guards the promise that a jar whose hash differs from the manifest's is never loaded. */
  @Test
  void load_wrongSha256_isRefused() throws Exception {
    Path jar = PatchJars.of(dir.resolve("fix.jar"), SampleFixes.class);
    String actual = PatchJars.sha256(jar);
    assertThatThrownBy(() -> FixJar.load(jar, "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fix jar " + jar + " has sha256 " + actual + " but the manifest expects " + "0".repeat(64)
            + ": rebuild the manifest entry from the jar you mean to ship");
  }

  @Test
  void load_notAJar_holdsNoClasses() throws Exception {
    Path text = Files.writeString(dir.resolve("fix.jar"), "not a jar");
    FixJar fix = FixJar.load(text, PatchJars.sha256(text));
    assertThat(fix.contains("anything")).isFalse();
  }
}
