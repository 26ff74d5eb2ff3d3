package dev.scalpel.archetype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The archetype as a user meets it: {@code mvn -B archetype:generate} given only the archetype's
 * coordinates and the new project's {@code groupId}, {@code artifactId} and {@code version}, then
 * an offline {@code mvn -B -o package} of the generated project, then {@code scalpel validate} of
 * the manifest that build wrote, with the demo application on the class path.
 *
 * <p>The builds use a local repository under {@code target/} (see {@link IsolatedRepository}):
 * this reactor's artifacts are copied there, everything else is read from the user's local
 * repository, and nothing is installed into it or fetched from the network.
 */
final class FixArchetypeIT {

  private static final String GROUP = "dev.scalpel";

  /**
   * A Maven build on a loaded two-core machine takes well under a minute; the bound is for the
   * worst case, and keeps a hanging build from eating the suite's time.
   */
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

  private final Path reactor = Path.of(property("scalpel.reactor.root")).toAbsolutePath().normalize();
  private final String version = property("scalpel.version");
  private final Path work = Path.of(property("scalpel.it.directory")).toAbsolutePath();

  @Test
  void generatedProject_packagesFixJarAndManifestThatValidate() throws IOException {
    Folders.recreate(work);
    IsolatedRepository repository = seededRepository();
    Path settings = repository.settings(work.resolve("settings.xml"),
        Path.of(property("scalpel.user.repository")));
    Path projects = Files.createDirectories(work.resolve("projects"));

    Command.Result generate = maven(projects, work.resolve("generate.log"), settings,
        "archetype:generate",
        "-DarchetypeGroupId=" + GROUP, "-DarchetypeArtifactId=scalpel-fix-archetype",
        "-DarchetypeVersion=" + version,
        "-DgroupId=com.example.hotfix", "-DartifactId=pricing-fixes", "-Dversion=1.0.0");
    assertEquals(0, generate.exitCode(), generate::describe);
    Path project = projects.resolve("pricing-fixes");
    assertTrue(Files.isRegularFile(project.resolve("src/main/java/com/example/hotfix/PriceFixes.java")),
        () -> "no example fix in the package given as groupId\n" + generate.describe());

    // The offline resolver may still read the one remote there is, the file: mirror.
    Command.Result packaged = maven(project, work.resolve("package.log"), settings,
        "-o", "-Daether.offline.protocols=file", "package");
    assertEquals(0, packaged.exitCode(), packaged::describe);
    assertTrue(packaged.output().contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0"),
        () -> "the example's unit tests did not all run and pass\n" + packaged.describe());
    assertTrue(Files.isRegularFile(project.resolve("target/pricing-fixes-1.0.0.jar")),
        () -> "no fix jar\n" + packaged.describe());
    Path manifest = project.resolve("target/scalpel/hotfix.yaml");
    assertTrue(Files.isRegularFile(manifest), () -> "no manifest\n" + packaged.describe());
    String yaml = Files.readString(manifest, StandardCharsets.UTF_8);
    // Quoted or not, as the plugin chooses to write it.
    assertTrue(yaml.lines().map(line -> line.strip().replace("\"", ""))
            .anyMatch("when: com.example.hotfix.PriceFixes#validDiscount"::equals),
        () -> "the example's guard is not in the manifest\n" + yaml);

    Command.Result validate = new Command(List.of(java(), "-jar",
        reactor.resolve("agent/target/scalpel-agent.jar").toString(),
        "validate", manifest.toString(),
        "--classpath", reactor.resolve("test-apps/target/scalpel-test-apps.jar").toString()),
        project, Map.of(), BUILD_TIMEOUT).run(work.resolve("validate.log"));
    assertEquals(0, validate.exitCode(), validate::describe);
    assertEquals(manifest + ": valid, 1 patch, checked against the class path", validate.output().strip(),
        validate::describe);
  }

  /** This reactor's artifacts that the archetype and the generated project's build need. */
  private IsolatedRepository seededRepository() {
    return IsolatedRepository.empty(work.resolve("repository"))
        .install(GROUP, "scalpel-parent", version, reactor.resolve("pom.xml"), null, null)
        .install(GROUP, "scalpel-patch-dsl-parent", version, reactor.resolve("patch-dsl/pom.xml"), null, null)
        .install(GROUP, "scalpel-fix-api", version, reactor.resolve("patch-dsl/fix-api/pom.xml"),
            reactor.resolve("patch-dsl/fix-api/target/scalpel-fix-api-" + version + ".jar"), "jar")
        .install(GROUP, "scalpel-agent", version, reactor.resolve("agent/pom.xml"),
            reactor.resolve("agent/target/scalpel-agent.jar"), "jar")
        .install(GROUP, "scalpel-maven-plugin", version, reactor.resolve("scalpel-maven-plugin/pom.xml"),
            reactor.resolve("scalpel-maven-plugin/target/scalpel-maven-plugin-" + version + ".jar"), "jar")
        .install(GROUP, "scalpel-test-apps", version, reactor.resolve("test-apps/pom.xml"),
            reactor.resolve("test-apps/target/scalpel-test-apps.jar"), "jar")
        .install(GROUP, "scalpel-fix-archetype", version, reactor.resolve("scalpel-fix-archetype/pom.xml"),
            Path.of(property("scalpel.archetype.jar")), "jar")
        .pluginPrefix("archetype", "org.apache.maven.plugins", "maven-archetype-plugin",
            property("scalpel.archetype.plugin.version"));
  }

  private Command.Result maven(Path dir, Path log, Path settings, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(property("scalpel.maven.home"), "bin", "mvn").toString(), "-B", "-s", settings.toString()));
    command.addAll(List.of(args));
    return new Command(command, dir, Map.of("JAVA_HOME", System.getProperty("java.home")), BUILD_TIMEOUT)
        .run(log);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + name
          + " is not set: run this test through Maven (failsafe sets it from the pom)");
    }
    return value;
  }
}
