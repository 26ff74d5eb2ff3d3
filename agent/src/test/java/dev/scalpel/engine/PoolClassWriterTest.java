package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The common superclass that frames of a raised old class file are computed with. */
final class PoolClassWriterTest {

  private final PoolClassWriter writer = new PoolClassWriter(
      new ClassShapes(ClassFiles.of(ClassLoader.getSystemClassLoader())));

  @Test
  void commonSuperClass_classesInterfacesAndArrays() {
    String[][] cases = {
        {"java/lang/Integer", "java/lang/Long", "java/lang/Number"},
        {"java/lang/Integer", "java/lang/Number", "java/lang/Number"},
        {"java/lang/Number", "java/lang/Integer", "java/lang/Number"},
        {"java/util/ArrayList", "java/util/LinkedList", "java/util/AbstractList"},
        {"java/lang/String", "java/lang/String", "java/lang/String"},
        {"java/lang/String", "java/lang/Integer", "java/lang/Object"},
        {"java/lang/String", "java/lang/CharSequence", "java/lang/Object"},
        {"java/lang/Runnable", "java/lang/Comparable", "java/lang/Object"},
        {"[Ljava/lang/Integer;", "[Ljava/lang/Long;", "[Ljava/lang/Number;"},
        {"[[Ljava/lang/Integer;", "[[Ljava/lang/Long;", "[[Ljava/lang/Number;"},
        {"[Ljava/lang/Runnable;", "[Ljava/lang/String;", "[Ljava/lang/Object;"},
        {"[[Ljava/lang/String;", "[Ljava/lang/Object;", "[Ljava/lang/Object;"},
        {"[I", "[J", "java/lang/Object"},
        {"[I", "[Ljava/lang/Integer;", "java/lang/Object"},
        {"[Ljava/lang/Integer;", "java/lang/Integer", "java/lang/Object"},
    };
    for (String[] c : cases) {
      assertThat(writer.getCommonSuperClass(c[0], c[1])).as(c[0] + " and " + c[1]).isEqualTo(c[2]);
    }
  }

  @Test
  void commonSuperClass_typeNotFound_failsNamingIt() {
    assertThatThrownBy(() -> writer.getCommonSuperClass("java/lang/Integer", "com/example/Missing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot compute stack map frames: the class file of com.example.Missing is not found through the"
            + " class's loader");
  }
}
