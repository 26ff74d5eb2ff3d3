package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.api.Original;
import dev.scalpel.engine.fixtures.Sample;
import dev.scalpel.engine.fixtures.SampleFixes;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FixJarTest {

  private static final String NOT_A_JAR = ": point 'jar' at the jar built from the fix's classes";

  @TempDir
  Path dir;

  @Test
  void load_verifiedJar_definesItsClassesFromTheJar() throws Exception {
    Path jar = PatchJars.of(dir.resolve("fix.jar"), SampleFixes.class);
    FixJar fix = FixJar.load(jar, PatchJars.sha256(jar).toUpperCase(Locale.ROOT));
    assertThat(fix.contains(SampleFixes.class.getName())).isTrue();
    assertThat(fix.callsOriginal()).isFalse();
    ClassLoader loader = fix.newLoader(getClass().getClassLoader());
    Class<?> defined = Class.forName(SampleFixes.class.getName(), false, loader);
    assertThat(defined).isNotSameAs(SampleFixes.class);
    assertThat(defined.getClassLoader()).isSameAs(loader).isInstanceOf(FixJar.FixClassLoader.class);
    // Asked again, by name or through a class the loader defined, it is the same class.
    assertThat(loader.loadClass(SampleFixes.class.getName())).isSameAs(defined);
  }

  /**
   * Guards that a class of the fix jar always comes from the jar's verified bytes: a class of the
   * same name that the target's loader (the application's class path) can load loses.
   */
  @Test
  void newLoader_jarClassOnParentToo_definesTheJarsBytes() throws Exception {
    byte[] verified = new ByteBuddy().subclass(Object.class).name(SampleFixes.class.getName())
        .defineMethod("origin", String.class, Visibility.PUBLIC, Ownership.STATIC)
        .intercept(FixedValue.value("the verified jar")).make().getBytes();
    Path jar = jar(Map.of(SampleFixes.class.getName(), verified));
    FixJar fix = FixJar.load(jar, PatchJars.sha256(jar));

    // The parent, the test's class path, has its own SampleFixes, without an origin() method.
    Class<?> defined = fix.newLoader(getClass().getClassLoader()).loadClass(SampleFixes.class.getName());

    assertThat(defined.getMethod("origin").invoke(null)).isEqualTo("the verified jar");
  }

  /** Guards that every class the jar does not hold, the application's and the JDK's, comes from the parent. */
  @Test
  void newLoader_classOutsideTheJar_comesFromTheParent() throws Exception {
    Path jar = PatchJars.of(dir.resolve("fix.jar"), SampleFixes.class);
    ClassLoader loader = FixJar.load(jar, PatchJars.sha256(jar)).newLoader(getClass().getClassLoader());

    assertThat(loader.loadClass(Sample.class.getName())).isSameAs(Sample.class);
    assertThat(loader.loadClass(String.class.getName())).isSameAs(String.class);
    Class<?> fixClass = loader.loadClass(SampleFixes.class.getName());
    assertThat(fixClass.getMethod("answer", Sample.class, int.class).getParameterTypes()[0]).isSameAs(Sample.class);
    assertThatThrownBy(() -> loader.loadClass("dev.scalpel.engine.fixtures.Absent"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  /**
   * Guards that a copy of the fix API bundled into a patch jar is never used: the agent's copy is
   * the one the bypass of {@code Original.call} works with.
   */
  @Test
  void newLoader_jarBundlesTheFixApi_usesTheParentsCopy() throws Exception {
    Path jar = PatchJars.of(dir.resolve("fix.jar"), SampleFixes.class, Original.class);
    FixJar fix = FixJar.load(jar, PatchJars.sha256(jar));
    assertThat(fix.contains(Original.class.getName())).isTrue();

    assertThat(fix.newLoader(getClass().getClassLoader()).loadClass(Original.class.getName())).isSameAs(Original.class);
  }

  @Test
  void newLoader_noParent_definesTheJarsClasses() throws Exception {
    Path jar = PatchJars.of(dir.resolve("fix.jar"), SampleFixes.class);
    Class<?> isolated = Class.forName(SampleFixes.class.getName(), false, FixJar.load(jar, PatchJars.sha256(jar)).newLoader(null));
    assertThat(isolated.getClassLoader()).isInstanceOf(FixJar.FixClassLoader.class);
    assertThat(Modifier.isFinal(isolated.getModifiers())).isTrue();
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

  /** Guards that a file that is no jar is refused with what to do, even with its right hash. */
  @Test
  void load_notAJar_isRefused() throws Exception {
    Path text = Files.writeString(dir.resolve("text.jar"), "not a jar");
    Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
    Path yaml = Files.writeString(dir.resolve("fix.yaml"), "scalpel: 1\n");
    Map<Path, String> cases = Map.of(
        text, "fix jar " + text + " is not a jar file" + NOT_A_JAR,
        empty, "fix jar " + empty + " is not a jar file" + NOT_A_JAR,
        yaml, "fix jar " + yaml + " is not a jar file" + NOT_A_JAR);
    for (Map.Entry<Path, String> c : cases.entrySet()) {
      String sha256 = PatchJars.sha256(c.getKey());
      assertThatThrownBy(() -> FixJar.load(c.getKey(), sha256))
          .as(c.getKey().toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c.getValue());
    }
  }

  /** A jar of the given class files, by binary name, and one resource. */
  private Path jar(Map<String, byte[]> classes) throws IOException {
    Path file = Files.createTempFile(dir, "fix", ".jar");
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new ZipEntry("README.txt"));
      jar.write("a fix jar".getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        jar.putNextEntry(new ZipEntry(c.getKey().replace('.', '/') + ".class"));
        jar.write(c.getValue());
        jar.closeEntry();
      }
    }
    return file;
  }
}
