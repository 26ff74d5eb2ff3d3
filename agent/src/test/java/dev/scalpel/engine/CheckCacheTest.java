package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CheckCacheTest {

  @TempDir
  Path dir;

  private Path jar(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new ZipEntry("readme.txt"));
      j.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return file;
  }

  @Test
  void jar_isReadOncePerPathAndHash_whateverTheHashCase() throws Exception {
    Path file = jar("a.jar", "a");
    String sha = PatchJars.sha256(file);
    CheckCache cache = new CheckCache();
    FixJar first = cache.jar(file, sha);
    assertThat(cache.jar(file, sha.toUpperCase(java.util.Locale.ROOT))).isSameAs(first);
    assertThat(cache.jar(jar("b.jar", "a"), sha)).as("another path").isNotSameAs(first);
  }

  @Test
  void jar_failureIsThrownEachTime_andNotRemembered() throws Exception {
    Path file = jar("a.jar", "a");
    CheckCache cache = new CheckCache();
    String wrong = "0".repeat(64);
    assertThatThrownBy(() -> cache.jar(file, wrong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but the manifest expects " + wrong);
    assertThatThrownBy(() -> cache.jar(file, wrong)).isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.jar(file, PatchJars.sha256(file))).isNotNull();
  }

  @Test
  void classesAndJarViews_areSharedPerLoaderAndJar() throws Exception {
    CheckCache cache = new CheckCache();
    ClassLoader app = CheckCacheTest.class.getClassLoader();
    ClassShapes classes = cache.classes(app);
    assertThat(cache.classes(app)).isSameAs(classes);
    assertThat(cache.classes(null)).isNotSameAs(classes).isSameAs(cache.classes(null));
    assertThat(cache.withJar(null, classes)).as("no jar: the loader's view").isSameAs(classes);
    Path file = jar("a.jar", "a");
    FixJar fix = cache.jar(file, PatchJars.sha256(file));
    assertThat(cache.withJar(fix, classes)).isNotSameAs(classes).isSameAs(cache.withJar(fix, classes));
    assertThat(cache.withJar(fix, classes).find(CheckCacheTest.class.getName())).as("through the loader").isNotNull();
    assertThat(classes.find(CheckCacheTest.class.getName())).as("read once, shared by the views")
        .isSameAs(cache.withJar(fix, classes).find(CheckCacheTest.class.getName()));
  }
}
