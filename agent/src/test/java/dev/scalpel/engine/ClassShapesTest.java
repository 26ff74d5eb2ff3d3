package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class shapes read from class files, and assignability answered from them. */
final class ClassShapesTest {

  private static final String JAR_ONLY = "com.example.fix.OnlyInJar$Failure";
  private static final String ORPHAN = "com.example.fix.Orphan";

  @TempDir
  Path dir;
  private ClassShapes app;
  private ClassShapes withJar;

  /** A nested class with a bridge method (compareTo(Object)) beside the method it bridges to. */
  static final class Inner implements Comparable<Inner> {
    @Override
    public int compareTo(Inner o) {
      return 0;
    }

    static native void nativeOne();
  }

  /** A class file of {@code name} (binary) extending {@code superName} (binary), with a public (String) constructor. */
  private static byte[] classFile(String name, String superName) {
    ClassWriter w = new ClassWriter(0);
    w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, superName.replace('.', '/'), null);
    MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/lang/String;)V", null, null);
    m.visitCode();
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitVarInsn(Opcodes.ALOAD, 1);
    m.visitMethodInsn(Opcodes.INVOKESPECIAL, superName.replace('.', '/'), "<init>", "(Ljava/lang/String;)V", false);
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(2, 2);
    m.visitEnd();
    w.visitEnd();
    return w.toByteArray();
  }

  @BeforeEach
  void shapes() throws Exception {
    Path file = dir.resolve("fix.jar");
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new ZipEntry(JAR_ONLY.replace('.', '/') + ".class"));
      j.write(classFile(JAR_ONLY, "java.lang.IllegalStateException"));
      j.closeEntry();
      j.putNextEntry(new ZipEntry(ORPHAN.replace('.', '/') + ".class"));
      j.write(classFile(ORPHAN, "com.example.fix.Missing"));
      j.closeEntry();
    }
    CheckCache cache = new CheckCache();
    app = cache.classes(ClassShapesTest.class.getClassLoader());
    withJar = cache.withJar(cache.jar(file, PatchJars.sha256(file)), app);
  }

  @Test
  void find_byBinaryName_readsNameSuperInterfacesAndKind() {
    // binary name, its super class (null: not found), interface?, first interface ("": none)
    String[][] cases = {
        {"java.lang.String", "java.lang.Object", "false", "java.io.Serializable"},
        {"java.lang.Runnable", "java.lang.Object", "true", ""},
        {"java.util.Map$Entry", "java.lang.Object", "true", ""},
        {Inner.class.getName(), "java.lang.Object", "false", "java.lang.Comparable"},
        {"java.sql.Connection", "java.lang.Object", "true", "java.sql.Wrapper"},
        {JAR_ONLY, "java.lang.IllegalStateException", "false", ""},
    };
    for (String[] c : cases) {
      ClassShape shape = withJar.find(c[0]);
      assertThat(shape).as(c[0]).isNotNull();
      assertThat(shape.name()).as(c[0]).isEqualTo(c[0]);
      assertThat(shape.internalName()).as(c[0]).isEqualTo(c[0].replace('.', '/'));
      assertThat(shape.superName()).as(c[0]).isEqualTo(c[1]);
      assertThat(shape.isInterface()).as(c[0]).isEqualTo(Boolean.parseBoolean(c[2]));
      assertThat(shape.interfaces().isEmpty() ? "" : shape.interfaces().get(0)).as(c[0]).isEqualTo(c[3]);
    }
    assertThat(withJar.find("java.lang.Object").superName()).isNull();
  }

  @Test
  void find_noClassFile_isNull() {
    String[] cases = {"com.example.Missing", "int", "void", "java.lang.String[]", "[Ljava.lang.String;",
        "java.util.Map.Entry", JAR_ONLY};
    for (String name : cases) {
      assertThat(app.find(name)).as(name + " through the application's loader").isNull();
    }
    assertThat(withJar.find("com.example.Missing")).isNull();
  }

  @Test
  void find_readsOnce_andSharesWithTheJarsView() {
    ClassShape string = app.find("java.lang.String");
    assertThat(app.find("java.lang.String")).isSameAs(string);
    assertThat(withJar.find("java.lang.String")).isSameAs(string);
  }

  @Test
  void find_methods_withAccessBridgesAndConstructors() {
    List<String> methods = new ArrayList<>();
    for (ClassShape.MethodShape m : app.find(Inner.class.getName()).methods()) {
      methods.add(m.name() + m.descriptor() + (m.isMethod() ? "" : " ctor-or-init") + (m.isStatic() ? " static" : "")
          + (m.isBridge() ? " bridge" : "") + (m.isNative() ? " native" : "") + (m.isPublic() ? " public" : ""));
    }
    assertThat(methods).containsExactlyInAnyOrder(
        "<init>()V ctor-or-init",
        "compareTo(L" + Inner.class.getName().replace('.', '/') + ";)I public",
        "compareTo(Ljava/lang/Object;)I bridge public",
        "nativeOne()V static native");
  }

  @Test
  void of_loadedClass_agreesWithTheClassFileOnMethods() {
    List<String> read = new ArrayList<>();
    for (ClassShape.MethodShape m : app.find(Inner.class.getName()).methods()) {
      if (m.isMethod()) {
        read.add(m.name() + m.descriptor() + m.isStatic() + m.isBridge() + m.isNative());
      }
    }
    ClassShape reflected = ClassShape.of(Inner.class);
    List<String> fromReflection = new ArrayList<>();
    for (ClassShape.MethodShape m : reflected.methods()) {
      fromReflection.add(m.name() + m.descriptor() + m.isStatic() + m.isBridge() + m.isNative());
    }
    assertThat(fromReflection).containsExactlyInAnyOrderElementsOf(read);
    assertThat(reflected.name()).isEqualTo(Inner.class.getName());
    assertThat(reflected.superName()).isEqualTo("java.lang.Object");
    assertThat(reflected.interfaces()).containsExactly("java.lang.Comparable");
    assertThat(ClassShape.of(Runnable.class).isInterface()).isTrue();
  }

  @Test
  void assignable_primitivesArraysClassesAndInterfaces() {
    // to, from (descriptors), expected
    String[][] cases = {
        {"I", "I", "true"},
        {"I", "J", "false"},
        {"J", "I", "false"},
        {"Ljava/lang/Object;", "I", "false"},
        {"I", "Ljava/lang/Integer;", "false"},
        {"Ljava/lang/Object;", "Ljava/lang/String;", "true"},
        {"Ljava/lang/CharSequence;", "Ljava/lang/String;", "true"},
        {"Ljava/lang/Comparable;", "Ljava/lang/String;", "true"},
        {"Ljava/lang/String;", "Ljava/lang/Object;", "false"},
        {"Ljava/lang/Number;", "Ljava/lang/Integer;", "true"},
        {"Ljava/lang/Integer;", "Ljava/lang/Number;", "false"},
        {"Ljava/util/Collection;", "Ljava/util/ArrayList;", "true"},
        {"Ljava/util/Map;", "Ljava/util/Map$Entry;", "false"},
        {"Ljava/lang/Throwable;", "Ljava/lang/IllegalStateException;", "true"},
        {"Ljava/lang/Throwable;", "Ljava/lang/String;", "false"},
        {"Ljava/lang/Throwable;", "Ljava/lang/Runnable;", "false"},
        {"Ljava/lang/Object;", "[I", "true"},
        {"Ljava/lang/Cloneable;", "[I", "true"},
        {"Ljava/io/Serializable;", "[Ljava/lang/String;", "true"},
        {"Ljava/lang/String;", "[Ljava/lang/String;", "false"},
        {"[Ljava/lang/Object;", "[Ljava/lang/String;", "true"},
        {"[Ljava/lang/String;", "[Ljava/lang/Object;", "false"},
        {"[I", "[J", "false"},
        {"[Ljava/lang/Object;", "[I", "false"},
        {"[Ljava/lang/Object;", "[[I", "true"},
        {"[[Ljava/lang/Number;", "[[Ljava/lang/Integer;", "true"},
        {"[Ljava/lang/String;", "Ljava/lang/Object;", "false"},
        {"Ljava/lang/Comparable;", "L" + Inner.class.getName().replace('.', '/') + ";", "true"},
        {"Ljava/lang/RuntimeException;", "L" + JAR_ONLY.replace('.', '/') + ";", "true"},
        {"Ljava/lang/Error;", "L" + JAR_ONLY.replace('.', '/') + ";", "false"},
    };
    for (String[] c : cases) {
      assertThat(withJar.assignable(Type.getType(c[0]), Type.getType(c[1]))).as(c[1] + " to " + c[0])
          .isEqualTo(Boolean.parseBoolean(c[2]));
    }
  }

  @Test
  void assignable_missingSuperClass_failsNamingIt() {
    Type orphan = Type.getObjectType(ORPHAN.replace('.', '/'));
    assertThatThrownBy(() -> withJar.assignable(Type.getObjectType("java/lang/Throwable"), orphan))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the class file of com.example.fix.Missing is not found");
    assertThat(withJar.assignable(Type.getObjectType("java/lang/Object"), orphan)).as("Object needs no walk").isTrue();
  }

  /** Defines classes from bytes and serves no class file for them, as a generating framework's loader. */
  private static final class Defining extends ClassLoader {
    Defining() {
      super(ClassShapesTest.class.getClassLoader());
    }

    Class<?> define(String name, byte[] classFile) {
      return defineClass(name, classFile, 0, classFile.length);
    }
  }

  @Test
  void findOrReflect_loadedClassWithoutClassFile_readsItByReflection_andWalksFromIt() {
    String name = "com.example.gen.Generated";
    Defining loader = new Defining();
    Class<?> generated = loader.define(name, classFile(name, "java.lang.IllegalStateException"));
    ClassShapes shapes = new ClassShapes(ClassFiles.of(loader));
    assertThat(shapes.find(name)).as("no class file").isNull();
    ClassShape shape = shapes.findOrReflect(generated);
    assertThat(shape.name()).isEqualTo(name);
    assertThat(shape.superName()).isEqualTo("java.lang.IllegalStateException");
    assertThat(shapes.find(name)).as("remembered").isSameAs(shape);
    assertThat(shapes.assignable(Type.getObjectType("java/lang/RuntimeException"), Type.getObjectType("com/example/gen/Generated")))
        .isTrue();
    assertThat(shapes.findOrReflect(String.class)).as("a class file wins").isSameAs(shapes.find("java.lang.String"));
  }

  @Test
  void find_unreadableClassFile_failsNamingIt() {
    ClassShapes broken = new ClassShapes(new ClassFiles.InMemory(java.util.Map.of("a.Broken", new byte[] {1, 2, 3})));
    assertThatThrownBy(() -> broken.find("a.Broken"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the class file of a.Broken cannot be read: ");
  }
}
