package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.fixtures.Sample;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Where class files are found for each kind of class loader, on every JDK the tests run on. */
final class ClassFilesTest {

  private static byte[] resource(Class<?> type) throws Exception {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void of_eachLoader_findsWhatItSees() throws Exception {
    ClassFiles boot = ClassFiles.of(null);
    ClassFiles platform = ClassFiles.of(ClassLoader.getPlatformClassLoader());
    ClassFiles app = ClassFiles.of(ClassFilesTest.class.getClassLoader());
    // class, found by boot, by platform, by app
    Object[][] cases = {
        {String.class, true, true, true},
        {java.util.logging.Logger.class, true, true, true},
        {java.sql.Connection.class, false, true, true},
        {Sample.class, false, false, true},
    };
    for (Object[] c : cases) {
      Class<?> type = (Class<?>) c[0];
      String name = type.getName();
      assertThat(boot.find(name) != null).as("boot finds " + name).isEqualTo(c[1]);
      assertThat(platform.find(name) != null).as("platform finds " + name).isEqualTo(c[2]);
      assertThat(app.find(name)).as("app finds " + name).isEqualTo(resource(type));
    }
  }

  @Test
  void of_missingOrMisspelled_isNull() throws Exception {
    ClassFiles app = ClassFiles.of(ClassFilesTest.class.getClassLoader());
    for (String name : new String[] {"com.example.Missing", "java.util.Map.Entry", "int", "java.lang.String[]"}) {
      assertThat(app.find(name)).as(name).isNull();
    }
    assertThat(app.find("java.util.Map$Entry")).as("a nested class by its binary name").isNotNull();
  }

  @Test
  void compound_firstSourceWins() throws Exception {
    byte[] own = {1, 2, 3};
    ClassFiles files = new ClassFiles.Compound(java.util.List.of(
        new ClassFiles.InMemory(java.util.Map.of("java.lang.String", own)), ClassFiles.of(null)));
    assertThat(files.find("java.lang.String")).isSameAs(own);
    assertThat(files.find("java.lang.Integer")).isNotNull();
    assertThat(files.find("com.example.Missing")).isNull();
  }
}
