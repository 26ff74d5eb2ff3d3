package dev.scalpel.engine;

import dev.scalpel.dsl.Target;
import dev.scalpel.dsl.TypeNames;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Type;

/** Finds the method a {@link Target} names among a class's declared methods. */
final class TargetResolver {

  private TargetResolver() {}

  /** The method found, or why there is none. */
  record Resolution(ClassShape.MethodShape method, String problem) {
    static Resolution of(ClassShape.MethodShape method) {
      return new Resolution(method, null);
    }

    static Resolution problem(String problem) {
      return new Resolution(null, problem);
    }

    boolean found() {
      return method != null;
    }
  }

  /**
   * Resolves {@code target} in {@code type}: by name and parameter descriptors when the target lists
   * them, by name alone otherwise (bridge methods aside, the name must then be unique). The method
   * must have a body: abstract and native methods cannot be patched.
   */
  static Resolution resolve(ClassShape type, Target target) {
    List<ClassShape.MethodShape> named = new ArrayList<>();
    for (ClassShape.MethodShape m : type.methods()) {
      if (m.isMethod() && m.name().equals(target.methodName())) {
        named.add(m);
      }
    }
    List<ClassShape.MethodShape> matching = named;
    if (target.parameterTypes().isPresent()) {
      List<String> params = new ArrayList<>();
      for (String p : target.parameterTypes().get()) {
        params.add(TypeNames.descriptor(p));
      }
      matching = new ArrayList<>();
      for (ClassShape.MethodShape m : named) {
        if (descriptors(m).equals(params)) {
          matching.add(m);
        }
      }
    }
    if (matching.size() > 1) {
      List<ClassShape.MethodShape> nonBridge = new ArrayList<>();
      for (ClassShape.MethodShape m : matching) {
        if (!m.isBridge()) {
          nonBridge.add(m);
        }
      }
      matching = nonBridge.isEmpty() ? matching : nonBridge;
    }
    if (matching.isEmpty()) {
      String overloads = named.isEmpty() ? "" : "; it has " + spellings(named);
      return Resolution.problem("class " + type.name() + " has no method " + spelling(target) + overloads);
    }
    if (matching.size() > 1) {
      return Resolution.problem("method name " + target.methodName() + " is overloaded in " + type.name()
          + ": list the parameter types, one of " + spellings(matching));
    }
    ClassShape.MethodShape method = matching.get(0);
    if (method.isAbstract()) {
      return Resolution.problem("method " + spelling(method) + " of " + type.name()
          + " is abstract: target the implementation in a concrete class");
    }
    if (method.isNative()) {
      return Resolution.problem("method " + spelling(method) + " of " + type.name()
          + " is native: it has no bytecode to patch");
    }
    return Resolution.of(method);
  }

  private static List<String> descriptors(ClassShape.MethodShape method) {
    Type[] params = method.parameters();
    List<String> descriptors = new ArrayList<>(params.length);
    for (Type p : params) {
      descriptors.add(p.getDescriptor());
    }
    return descriptors;
  }

  /** {@code [name(type, ...), ...]}: the spelling of each method, as a list prints. */
  static List<String> spellings(List<ClassShape.MethodShape> methods) {
    List<String> spellings = new ArrayList<>(methods.size());
    for (ClassShape.MethodShape m : methods) {
      spellings.add(spelling(m));
    }
    return spellings;
  }

  /** {@code name(type, ...)} in the manifest's source spelling. */
  static String spelling(ClassShape.MethodShape method) {
    StringBuilder s = new StringBuilder(method.name()).append('(');
    String sep = "";
    for (Type p : method.parameters()) {
      s.append(sep).append(sourceName(p));
      sep = ", ";
    }
    return s.append(')').toString();
  }

  /** A type's source spelling with binary nested names: {@code a.Outer$Inner[]}, {@code int}. */
  static String sourceName(Type type) {
    return type.getClassName();
  }

  private static String spelling(Target target) {
    if (target.parameterTypes().isEmpty()) {
      return target.methodName();
    }
    return target.methodName() + "(" + String.join(", ", target.parameterTypes().get()) + ")";
  }
}
