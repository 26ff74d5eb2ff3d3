package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the module's build puts in each jar, and the old class file the zoo loads. */
final class BuildArtifactsIT {

  /** Guards that no fix, plugin or legacy class can reach the apps from their class path. */
  @Test
  void appsJar_holdsNoFixPluginOrLegacyClass() throws IOException {
    List<String> classes = classesIn(Artifacts.appsJar());

    assertTrue(classes.contains("dev/scalpel/testapps/pricing/PriceCalculator.class"), classes::toString);
    assertEquals(List.of(), classes.stream()
        .filter(name -> name.startsWith("dev/scalpel/testapps/fixes/")
            || name.startsWith("dev/scalpel/testapps/plugin/")
            || name.startsWith("dev/scalpel/testapps/legacy/")
            || name.startsWith("dev/scalpel/api/"))
        .toList());
  }

  /** Guards that each fix jar holds its own fix classes only, and not the provided fix API. */
  @ParameterizedTest
  @EnumSource(FixJar.class)
  void fixJar_holdsOnlyItsFixClasses(FixJar jar) throws IOException {
    List<String> classes = classesIn(jar.path());

    assertFalse(classes.isEmpty(), jar + " holds no class");
    assertEquals(List.of(), classes.stream().filter(name -> !name.startsWith(jar.packagePath())).toList());
  }

  /** Guards that the plugin jar holds the plugin class alone. */
  @Test
  void pluginJar_holdsOnlyThePlugin() throws IOException {
    assertEquals(List.of("dev/scalpel/testapps/plugin/GreetingPlugin.class"), classesIn(Artifacts.pluginJar()));
  }

  /** Guards that the zoo's legacy class file predates Java 7 (version 51), as the engine must handle. */
  @Test
  void legacyClass_predatesJava7(@TempDir Path dir) {
    int major = LegacyClass.majorVersion(LegacyClass.classFile(LegacyClass.writeClassDir(dir)));

    assertEquals(LegacyClass.MAJOR_VERSION, major);
    assertTrue(major < 51, () -> "major version " + major);
  }

  /** Guards the lambda target's lookup: javac compiled exactly one lambda body into {@code Lambdas}. */
  @Test
  void lambdaBodyTarget_isFound() throws ClassNotFoundException {
    assertTrue(TargetZooIT.lambdaBodyTarget().matches(
            "dev\\.scalpel\\.testapps\\.targets\\.Lambdas#lambda\\$shout\\$\\d+\\(java\\.lang\\.String\\)"),
        TargetZooIT.lambdaBodyTarget());
  }

  private static List<String> classesIn(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).sorted().toList();
    }
  }
}
