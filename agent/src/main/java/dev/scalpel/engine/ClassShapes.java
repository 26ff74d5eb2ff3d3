package dev.scalpel.engine;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.Type;

/**
 * The shapes of the classes one source of class files holds, each read at most once, and
 * assignability between types answered from them: what a class loader (or a patch jar in front of
 * one) would see, without loading a class. Not thread-safe; meant to serve one check or one
 * transformation, since classes may change in between.
 */
final class ClassShapes {

  private static final String OBJECT = "java.lang.Object";

  private final ClassFiles files;
  private final ClassShapes then;
  private final Map<String, ClassShape> shapes = new HashMap<>();
  private final Set<String> missing = new HashSet<>();

  /** The classes of {@code files}. */
  ClassShapes(ClassFiles files) {
    this(files, null);
  }

  /**
   * The classes of {@code first}, then, for names it does not hold, those of {@code then}, whose
   * shapes are shared with every other view over it.
   */
  ClassShapes(ClassFiles first, ClassShapes then) {
    this.files = first;
    this.then = then;
  }

  /**
   * The shape of the class of binary name {@code className} ({@code a.Outer$Inner}), or null if no
   * class file of that name is found.
   *
   * @throws IllegalStateException naming the class if its class file is found but cannot be read
   */
  ClassShape find(String className) {
    ClassShape shape = shapes.get(className);
    if (shape == null && !missing.contains(className)) {
      shape = read(className);
      if (shape == null) {
        missing.add(className);
      } else {
        shapes.put(className, shape);
      }
    }
    if (shape == null && then != null) {
      return then.find(className);
    }
    return shape;
  }

  /**
   * The shape of the loaded class {@code type}: from its class file if this source has it, or else
   * from the class itself by reflection ({@link ClassShape#of}), which is then remembered under its
   * name so that assignability to its super types can be answered too.
   */
  ClassShape findOrReflect(Class<?> type) {
    ClassShape shape = find(type.getName());
    if (shape == null) {
      shape = ClassShape.of(type);
      missing.remove(type.getName());
      shapes.put(type.getName(), shape);
    }
    return shape;
  }

  private ClassShape read(String className) {
    byte[] classFile;
    try {
      classFile = files.find(className);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the class file of " + className + " cannot be read: " + e, e);
    }
    if (classFile == null) {
      return null;
    }
    try {
      return ClassShape.read(classFile);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the class file of " + className + " cannot be read: " + e, e);
    }
  }

  /**
   * Whether a value of type {@code from} can be assigned to a variable of type {@code to}, as the
   * JVM decides for reference widening: primitives only to themselves; an array to
   * {@code Object}, {@code Cloneable}, {@code Serializable} and to arrays whose components take its
   * components; a class to itself, to {@code Object}, and to its super classes and interfaces, read
   * here from class files.
   *
   * @throws IllegalStateException naming a class whose class file is needed and not found
   */
  boolean assignable(Type to, Type from) {
    if (to.getDescriptor().equals(from.getDescriptor())) {
      return true;
    }
    if (isPrimitive(to) || isPrimitive(from)) {
      return false;
    }
    if (from.getSort() == Type.ARRAY) {
      if (to.getSort() == Type.ARRAY) {
        return assignable(component(to), component(from));
      }
      String name = to.getClassName();
      return name.equals(OBJECT) || name.equals("java.lang.Cloneable") || name.equals("java.io.Serializable");
    }
    if (to.getSort() == Type.ARRAY) {
      return false;
    }
    return inherits(from.getClassName(), to.getClassName());
  }

  // Whether class `from` is, extends or implements `to`. A class `to` is looked for among super
  // classes only; an interface (or a type whose class file is missing) among interfaces too.
  private boolean inherits(String from, String to) {
    if (from.equals(to) || to.equals(OBJECT)) {
      return true;
    }
    ClassShape target = find(to);
    boolean interfaces = target == null || target.isInterface();
    ArrayDeque<String> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    pending.add(from);
    while (!pending.isEmpty()) {
      String name = pending.poll();
      if (!seen.add(name)) {
        continue;
      }
      ClassShape shape = require(name);
      String superName = shape.superName();
      if (to.equals(superName)) {
        return true;
      }
      if (superName != null) {
        pending.add(superName);
      }
      if (interfaces) {
        for (String i : shape.interfaces()) {
          if (i.equals(to)) {
            return true;
          }
          pending.add(i);
        }
      }
    }
    return false;
  }

  /**
   * The shape of {@code className}, which must be found.
   *
   * @throws IllegalStateException naming the class if no class file of that name is found
   */
  ClassShape require(String className) {
    ClassShape shape = find(className);
    if (shape == null) {
      throw new IllegalStateException("the class file of " + className + " is not found");
    }
    return shape;
  }

  private static boolean isPrimitive(Type type) {
    return type.getSort() < Type.ARRAY;
  }

  private static Type component(Type array) {
    return Type.getType(array.getDescriptor().substring(1));
  }
}
