package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JDK discovery, on a fake directory of installed JDKs and on this machine's. */
final class JdksTest {

  /** Guards that a JDK named by several symlinks is tested once, and that non-JDK directories are skipped. */
  @Test
  void besides_findsEachSiblingJdkOnce(@TempDir Path jvms) throws IOException {
    Path a = fakeJdk(jvms.resolve("jdk-a"), "17.0.1");
    Path b = fakeJdk(jvms.resolve("jdk-b"), "25");
    Files.createDirectories(jvms.resolve("sources-only"));
    Files.createSymbolicLink(jvms.resolve("jdk-a-alias"), a);

    List<Jdk> found = Jdks.besides(jvms.resolve("jdk-a-alias"));

    assertEquals(List.of(new Jdk(a.toRealPath(), "17.0.1"), new Jdk(b.toRealPath(), "25")), found);
  }

  /** Guards the override: exactly the listed homes, in order, each once. */
  @Test
  void listed_takesHomesInOrder(@TempDir Path jvms) throws IOException {
    Path a = fakeJdk(jvms.resolve("jdk-a"), "17.0.1");
    Path b = fakeJdk(jvms.resolve("jdk-b"), "25");

    List<Jdk> listed = Jdks.listed(b + File.pathSeparator + a + File.pathSeparator + b);

    assertEquals(List.of(new Jdk(b.toRealPath(), "25"), new Jdk(a.toRealPath(), "17.0.1")), listed);
  }

  /** Guards that a listed directory without {@code bin/java} is an error, not silently skipped. */
  @Test
  void listed_rejectsHomeWithoutJava(@TempDir Path jvms) throws IOException {
    Path empty = Files.createDirectories(jvms.resolve("empty"));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jdks.listed(empty.toString()));

    assertEquals(Jdks.PROPERTY + " lists " + empty + ", which has no bin/java; list java homes", e.getMessage());
  }

  /** Guards that, unless overridden, the JDK running the tests is among those tested. */
  @Test
  void installed_includesRunningJdk() throws IOException {
    assumeTrue(System.getProperty(Jdks.PROPERTY, "").isBlank(), Jdks.PROPERTY + " overrides discovery");
    Path running = Path.of(System.getProperty("java.home")).toRealPath();

    assertTrue(Jdks.installed().stream().anyMatch(jdk -> jdk.home().equals(running)), Jdks.installed()::toString);
  }

  private static Path fakeJdk(Path home, String version) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.createFile(home.resolve("bin/java"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    return home;
  }
}
