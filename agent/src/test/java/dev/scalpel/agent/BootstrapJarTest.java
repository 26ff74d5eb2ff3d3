package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class BootstrapJarTest {

  /** Guards against a bootstrap class added to the package but not to the list that goes on the bootstrap class path. */
  @Test
  void classes_areExactlyTheBootstrapPackage() throws IOException, URISyntaxException {
    Path classes = Path.of(BootstrapJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> found;
    try (Stream<Path> files = Files.walk(classes.resolve("dev/scalpel/bootstrap"))) {
      found = files.filter(f -> f.toString().endsWith(".class"))
          .map(f -> classes.relativize(f).toString().replace('\\', '/').replace(".class", ""))
          .toList();
    }
    assertThat(BootstrapJar.CLASSES).filteredOn(c -> c.startsWith("dev/scalpel/bootstrap/"))
        .containsExactlyInAnyOrderElementsOf(found);
    for (String c : BootstrapJar.CLASSES) {
      assertThat(BootstrapJar.class.getClassLoader().getResource(c + ".class")).as(c).isNotNull();
    }
  }
}
