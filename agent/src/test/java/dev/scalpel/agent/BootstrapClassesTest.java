package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class BootstrapClassesTest {

  /** Guards against a bootstrap class added to the package but not to the list defined in the bootstrap class loader. */
  @Test
  void classes_areExactlyTheBootstrapPackage() throws IOException, URISyntaxException {
    Path classes = Path.of(BootstrapClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> found;
    try (Stream<Path> files = Files.walk(classes.resolve("dev/scalpel/bootstrap"))) {
      found = files.filter(f -> f.toString().endsWith(".class"))
          .map(f -> classes.relativize(f).toString().replace('\\', '/').replace(".class", ""))
          .toList();
    }
    assertThat(BootstrapClasses.CLASSES).filteredOn(c -> c.startsWith("dev/scalpel/bootstrap/"))
        .containsExactlyInAnyOrderElementsOf(found);
    for (String c : BootstrapClasses.CLASSES) {
      assertThat(BootstrapClasses.class.getClassLoader().getResource(c + ".class")).as(c).isNotNull();
    }
  }

  /** Guards that the class defining the others names java.* and the JDK's Unsafe only, all its throwaway loader sees. */
  @Test
  void definer_dependsOnJavaAndUnsafeOnly() {
    byte[] bytes = BootstrapClasses.definerBytes();
    String constants = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher types = java.util.regex.Pattern.compile("L?((?:[a-z]+/)+[A-Za-z$]+)").matcher(constants);
    List<String> foreign = new java.util.ArrayList<>();
    while (types.find()) {
      String type = types.group(1);
      if (!type.startsWith("java/") && !type.equals(BootstrapClasses.DEFINER) && !type.equals("jdk/internal/misc/Unsafe")) {
        foreign.add(type);
      }
    }
    assertThat(foreign).as("types other than java.* named by " + BootstrapClasses.DEFINER).isEmpty();
  }
}
