package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The method a patch replaces: {@code binary.class.Name#method(paramType, ...)}.
 *
 * @param className      binary class name, nested classes with {@code $}
 * @param methodName     the method's name; never {@code <init>} or {@code <clinit>}
 * @param parameterTypes Java source spellings of the parameter types ({@code int}, {@code
 *                       java.lang.String[][]}, {@code a.Outer$Inner}), or empty when the manifest
 *                       left the list out because the name is not overloaded
 */
public record Target(String className, String methodName, Optional<List<String>> parameterTypes) {

  /**
   * A target, its parameter list copied; its names are checked by the parser, not here.
   *
   * @throws NullPointerException if an argument is null
   */
  public Target {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(methodName, "methodName");
    parameterTypes = parameterTypes.isPresent() ? Optional.of(List.copyOf(parameterTypes.get())) : parameterTypes;
  }

  /** The JVM descriptor of each parameter type ({@code I}, {@code [Ljava/lang/String;}), if listed. */
  public Optional<List<String>> parameterDescriptors() {
    if (parameterTypes.isEmpty()) {
      return Optional.empty();
    }
    List<String> descriptors = new ArrayList<>(parameterTypes.get().size());
    for (String type : parameterTypes.get()) {
      descriptors.add(TypeNames.descriptor(type));
    }
    return Optional.of(List.copyOf(descriptors));
  }

  /** The internal name of the class ({@code a/Outer$Inner}). */
  public String internalClassName() {
    return className.replace('.', '/');
  }

  /** The manifest spelling, with the parameter list when it was given. */
  @Override
  public String toString() {
    String name = className + "#" + methodName;
    return parameterTypes.isPresent() ? name + "(" + String.join(", ", parameterTypes.get()) + ")" : name;
  }
}
