package dev.scalpel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.maven.fixtures.Fixes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AnnotationReaderTest {

  @TempDir
  Path dir;

  @Test
  void add_readsPatchElementsAsWritten() throws IOException {
    AnnotationReader reader = new AnnotationReader();
    reader.add(bytes(Fixes.Good.class));

    List<AnnotatedMethod> fixes = reader.fixes();
    assertThat(fixes).hasSize(2);
    AnnotatedMethod total = fixes.get(0);
    assertThat(total.position()).hasToString(
        "dev/scalpel/maven/fixtures/Fixes.java:18: dev.scalpel.maven.fixtures.Fixes$Good#total");
    assertThat(total.isStatic()).isTrue();
    assertThat(total.parameters()).isEqualTo(
        "(dev.scalpel.maven.fixtures.Calculator, dev.scalpel.maven.fixtures.Calculator$Cart, int)");
    assertThat(total.string("id")).isEqualTo("CALC-1");
    assertThat(total.string("mode")).isEqualTo("SHADOW");
    assertThat(total.string("reason")).isEqualTo("Say \"why\"");
    assertThat(fixes.get(1).string("mode")).as("left at its default, so not in the class file").isEmpty();
  }

  @Test
  void add_readsGuardIds() throws IOException {
    AnnotationReader reader = new AnnotationReader();
    reader.add(bytes(Fixes.Good.class));

    assertThat(reader.guards()).singleElement().satisfies(guard -> {
      assertThat(guard.strings("value")).containsExactly("CALC-1");
      assertThat(guard.position().methodName()).isEqualTo("big");
    });
  }

  @Test
  void add_ignoresUnannotatedMethods() throws IOException {
    AnnotationReader reader = new AnnotationReader();
    reader.add(bytes(Fixes.Unannotated.class));

    assertThat(reader.fixes()).isEmpty();
    assertThat(reader.guards()).isEmpty();
  }

  @Test
  void read_walksTheFolderInPathOrder() throws IOException {
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.write(b.resolve("Good.class"), bytes(Fixes.Good.class));
    Files.write(dir.resolve("a.class"), bytes(Fixes.NotStatic.class));
    Files.writeString(dir.resolve("notes.txt"), "not a class");

    AnnotationReader reader = AnnotationReader.read(dir);

    assertThat(reader.fixes()).extracting(f -> f.string("id")).containsExactly("CALC-5", "CALC-1", "CALC-2");
  }

  @Test
  void read_missingFolder_readsNothing() throws IOException {
    assertThat(AnnotationReader.read(dir.resolve("none")).fixes()).isEmpty();
  }

  @Test
  void read_notAClassFile_namesIt() throws IOException {
    Files.writeString(dir.resolve("Broken.class"), "not a class");

    assertThatThrownBy(() -> AnnotationReader.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(dir.resolve("Broken.class") + " is not a class file this reader understands (")
        .hasMessageEndingWith("); remove it from the classes folder");
  }

  static byte[] bytes(Class<?> type) throws IOException {
    try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
