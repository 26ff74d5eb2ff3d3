package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.fixtures.Sample;
import dev.scalpel.engine.fixtures.SampleFixes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading classes out of executable fat jars the way their launchers' class loaders see them. */
final class ExecutableJarTest {

  @TempDir
  Path dir;

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private static String path(Class<?> type) {
    return type.getName().replace('.', '/') + ".class";
  }

  private static byte[] jar(Manifest manifest, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = manifest == null ? new JarOutputStream(bytes) : new JarOutputStream(bytes, manifest)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        jar.putNextEntry(new ZipEntry(e.getKey()));
        jar.write(e.getValue());
      }
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(bytes);
    }
    return file;
  }

  @Test
  void of_springBootJar_findsOwnAndNestedClasses() throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
    manifest.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
    byte[] nested = jar(null, Map.of(path(SampleFixes.class), classFile(SampleFixes.class)));
    Path boot = write("app.jar", jar(manifest, Map.of(
        "BOOT-INF/classes/" + path(Sample.class), classFile(Sample.class),
        "BOOT-INF/lib/fixes.jar", nested)));

    try (ClassFileLocator locator = ExecutableJar.of(boot).orElseThrow()) {
      assertThat(locator.locate(Sample.class.getName()).resolve()).isEqualTo(classFile(Sample.class));
      assertThat(locator.locate(SampleFixes.class.getName()).resolve()).isEqualTo(classFile(SampleFixes.class));
      assertThat(locator.locate("com.example.Missing").isResolved()).isFalse();
    }
  }

  @Test
  void of_warWithoutManifestAttributes_usesWebInf() throws IOException {
    Path war = write("app.war", jar(null, Map.of("WEB-INF/classes/" + path(Sample.class), classFile(Sample.class))));

    try (ClassFileLocator locator = ExecutableJar.of(war).orElseThrow()) {
      assertThat(locator.locate(Sample.class.getName()).resolve()).isEqualTo(classFile(Sample.class));
    }
  }

  @Test
  void of_plainJar_isNotExecutable() throws IOException {
    Path plain = write("plain.jar", jar(null, Map.of(path(Sample.class), classFile(Sample.class))));

    assertThat(ExecutableJar.of(plain)).isEmpty();
  }
}
