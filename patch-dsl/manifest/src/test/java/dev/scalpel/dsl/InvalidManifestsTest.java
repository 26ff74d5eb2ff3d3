package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The table of malformed manifests: each {@code invalid/NAME.yaml} must be rejected with nothing
 * but a {@link ManifestException} whose message is exactly the lines of {@code invalid/NAME.expected}.
 */
final class InvalidManifestsTest {

  @Test
  void fixtures_atLeastFortyFiveEachWithExpectedMessages() {
    List<Path> manifests = Fixtures.yamlFiles("invalid");

    assertThat(manifests).hasSizeGreaterThanOrEqualTo(45);
    assertThat(manifests).allSatisfy(manifest -> assertThat(expectedFile(manifest)).exists());
  }

  @TestFactory
  Stream<DynamicTest> parse_invalidManifest_rejectedWithExpectedProblems() {
    return Fixtures.yamlFiles("invalid").stream().map(manifest -> DynamicTest.dynamicTest(
        manifest.getFileName().toString(), () -> {
          String name = manifest.getFileName().toString();
          String text = Fixtures.read(manifest);

          ManifestException rejection = assertTimeoutPreemptively(Duration.ofSeconds(60),
              () -> assertThrows(ManifestException.class, () -> ManifestParser.parse(name, text)),
              () -> "parsing " + name + ", a small invalid manifest (60 s for a loaded 2-core machine)");

          assertThat(rejection.getMessage() + "\n").isEqualTo(Fixtures.read(expectedFile(manifest)));
          assertThat(rejection.problems()).isSortedAccordingTo(Problem.BY_POSITION);
          assertThat(rejection.problems()).allSatisfy(problem -> assertThat(problem.location().file()).isEqualTo(name));
        }));
  }

  @Test
  void expectedFiles_noneWithoutManifest() throws Exception {
    Path folder = Fixtures.yamlFiles("invalid").get(0).getParent();
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.filter(file -> file.toString().endsWith(".expected")))
          .allSatisfy(expected -> assertThat(Path.of(expected.toString().replace(".expected", ".yaml"))).exists());
    }
  }

  private static Path expectedFile(Path manifest) {
    return manifest.resolveSibling(manifest.getFileName().toString().replace(".yaml", ".expected"));
  }
}
