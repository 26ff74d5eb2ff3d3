package dev.scalpel.engine;

import dev.scalpel.dsl.Target;
import java.util.List;
import java.util.Optional;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Finds the method a {@link Target} names among a class's declared methods. */
final class TargetResolver {

  private TargetResolver() {}

  /** The method found, or why there is none. */
  record Resolution(MethodDescription.InDefinedShape method, String problem) {
    static Resolution of(MethodDescription.InDefinedShape method) {
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
  static Resolution resolve(TypeDescription type, Target target) {
    List<MethodDescription.InDefinedShape> named = type.getDeclaredMethods().stream()
        .filter(m -> m.isMethod() && m.getInternalName().equals(target.methodName()))
        .toList();
    Optional<List<String>> params = target.parameterDescriptors();
    List<MethodDescription.InDefinedShape> matching = params
        .map(p -> named.stream().filter(m -> descriptors(m).equals(p)).toList())
        .orElse(named);
    if (matching.size() > 1) {
      List<MethodDescription.InDefinedShape> nonBridge = matching.stream().filter(m -> !m.isBridge()).toList();
      matching = nonBridge.isEmpty() ? matching : nonBridge;
    }
    if (matching.isEmpty()) {
      String overloads = named.isEmpty() ? "" : "; it has " + named.stream().map(TargetResolver::spelling).toList();
      return Resolution.problem("class " + type.getName() + " has no method " + spelling(target) + overloads);
    }
    if (matching.size() > 1) {
      return Resolution.problem("method name " + target.methodName() + " is overloaded in " + type.getName()
          + ": list the parameter types, one of " + matching.stream().map(TargetResolver::spelling).toList());
    }
    MethodDescription.InDefinedShape method = matching.get(0);
    if (method.isAbstract()) {
      return Resolution.problem("method " + spelling(method) + " of " + type.getName()
          + " is abstract: target the implementation in a concrete class");
    }
    if (method.isNative()) {
      return Resolution.problem("method " + spelling(method) + " of " + type.getName()
          + " is native: it has no bytecode to patch");
    }
    return Resolution.of(method);
  }

  private static List<String> descriptors(MethodDescription method) {
    return method.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getDescriptor).toList();
  }

  /** {@code name(type, ...)} in the manifest's source spelling. */
  static String spelling(MethodDescription method) {
    StringBuilder s = new StringBuilder(method.getInternalName()).append('(');
    String sep = "";
    for (ParameterDescription p : method.getParameters()) {
      s.append(sep).append(sourceName(p.getType().asErasure()));
      sep = ", ";
    }
    return s.append(')').toString();
  }

  /** A type's source spelling with binary nested names: {@code a.Outer$Inner[]}. */
  static String sourceName(TypeDescription type) {
    return type.isArray() ? sourceName(type.getComponentType()) + "[]" : type.getName();
  }

  private static String spelling(Target target) {
    return target.methodName() + target.parameterTypes().map(p -> "(" + String.join(", ", p) + ")").orElse("");
  }
}
