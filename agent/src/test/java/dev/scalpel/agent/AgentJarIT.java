package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What the packaged agent jar holds: the agent's own packages and its relocated dependencies, nothing else. */
final class AgentJarIT {

  private static JarFile jar() throws IOException {
    return new JarFile(Path.of(System.getProperty("scalpel.agent.jar")).toFile());
  }

  /** Guards against a dependency leaking onto the application's class path under its own name. */
  @Test
  void agentJar_holdsOnlyScalpelPackages() throws IOException {
    try (JarFile jar = jar()) {
      List<String> foreign = jar.stream().map(ZipEntry::getName)
          .filter(n -> !n.equals("META-INF/") && !n.equals("META-INF/MANIFEST.MF"))
          .filter(n -> !n.startsWith("META-INF/licenses/"))
          .filter(n -> !n.startsWith("META-INF/services/dev.scalpel."))
          .filter(n -> !n.equals("META-INF/services/"))
          .filter(n -> !n.equals("dev/") && !n.startsWith("dev/scalpel/"))
          .toList();
      assertThat(foreign).isEmpty();
      assertThat(jar.getEntry("dev/scalpel/shaded/bytebuddy/ByteBuddy.class")).isNotNull();
      assertThat(jar.getEntry("dev/scalpel/shaded/snakeyaml/Yaml.class")).isNotNull();
      assertThat(jar.getEntry("dev/scalpel/shaded/picocli/CommandLine.class")).isNotNull();
      assertThat(jar.getEntry("dev/scalpel/bootstrap/Dispatcher.class")).isNotNull();
      assertThat(jar.getEntry("dev/scalpel/api/Original.class")).isNotNull();
    }
  }

  @Test
  void agentJar_manifestDeclaresTheAgent() throws IOException {
    try (JarFile jar = jar()) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertThat(main.getValue("Premain-Class")).isEqualTo("dev.scalpel.agent.ScalpelAgent");
      assertThat(main.getValue("Agent-Class")).isEqualTo("dev.scalpel.agent.ScalpelAgent");
      assertThat(main.getValue("Main-Class")).isEqualTo("dev.scalpel.cli.ScalpelCli");
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
      assertThat(main.getValue("Multi-Release")).isNull();
      // For the command line alone (java -jar): it starts a target's attach listener itself.
      assertThat(main.getValue("Add-Opens")).isEqualTo("jdk.attach/sun.tools.attach");
    }
  }
}
