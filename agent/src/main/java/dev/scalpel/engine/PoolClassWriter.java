package dev.scalpel.engine;

import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassWriter;

/**
 * A class writer that computes stack map frames, answering ASM's question of two types' closest
 * common superclass from class files read with {@link ClassShapes}: it never loads a class, so
 * computing frames loads and initializes nothing in the application.
 *
 * <p>An interface merges with anything into {@code java/lang/Object}, as the JVM's verifier
 * treats interfaces. Arrays of references merge by their components ({@code Integer[]} and
 * {@code Long[]} into {@code Number[]}); an array and a non-array, or arrays of different
 * primitives, merge into {@code java/lang/Object}. A type
 * whose class file is not found fails the transformation with an {@link IllegalStateException} naming it:
 * a guessed frame could make the class fail verification.
 */
final class PoolClassWriter extends ClassWriter {

  private static final String OBJECT = "java/lang/Object";

  private final ClassShapes types;

  /** @param types reads the class files of the types the class's code names, from its loader */
  PoolClassWriter(ClassShapes types) {
    super(COMPUTE_FRAMES);
    this.types = types;
  }

  @Override
  protected String getCommonSuperClass(String type1, String type2) {
    if (type1.equals(type2)) {
      return type1;
    }
    if (type1.startsWith("[") || type2.startsWith("[")) {
      return commonArray(type1, type2);
    }
    ClassShape a = describe(type1);
    ClassShape b = describe(type2);
    if (a.isInterface() || b.isInterface()) {
      return OBJECT;
    }
    Set<String> ancestors = new HashSet<>();
    for (ClassShape t = a; t != null; t = superClass(t)) {
      ancestors.add(t.internalName());
    }
    for (ClassShape t = b; t != null; t = superClass(t)) {
      if (ancestors.contains(t.internalName())) {
        return t.internalName();
      }
    }
    return OBJECT;
  }

  private String commonArray(String type1, String type2) {
    if (!type1.startsWith("[") || !type2.startsWith("[")) {
      return OBJECT;
    }
    String component1 = type1.substring(1);
    String component2 = type2.substring(1);
    if (!isReference(component1) || !isReference(component2)) {
      return OBJECT;
    }
    String common = getCommonSuperClass(internalName(component1), internalName(component2));
    return "[" + (common.startsWith("[") ? common : "L" + common + ";");
  }

  private static boolean isReference(String descriptor) {
    return descriptor.startsWith("L") || descriptor.startsWith("[");
  }

  private static String internalName(String descriptor) {
    return descriptor.startsWith("L") ? descriptor.substring(1, descriptor.length() - 1) : descriptor;
  }

  private ClassShape describe(String internalName) {
    ClassShape shape = types.find(internalName.replace('/', '.'));
    if (shape == null) {
      throw new IllegalStateException("cannot compute stack map frames: the class file of " + internalName.replace('/', '.')
          + " is not found through the class's loader");
    }
    return shape;
  }

  private ClassShape superClass(ClassShape type) {
    String s = type.superName();
    return s == null ? null : describe(s);
  }
}
