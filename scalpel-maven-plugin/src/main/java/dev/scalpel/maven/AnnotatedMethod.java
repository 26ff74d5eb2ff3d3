package dev.scalpel.maven;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;

/**
 * A method carrying {@code @Patch} or {@code @When}, as its class file describes it.
 *
 * @param position   where it is written
 * @param descriptor its JVM descriptor
 * @param isStatic   whether it is {@code static}
 * @param values     the annotation's elements as written (defaults are not in the class file):
 *                   strings, enum constant names, or lists of strings
 */
record AnnotatedMethod(SourcePosition position, String descriptor, boolean isStatic, Map<String, Object> values) {

  AnnotatedMethod {
    values = Map.copyOf(values);
  }

  /** The string element {@code name}, or the empty string when it was left at its default. */
  String string(String name) {
    Object value = values.get(name);
    return value instanceof String s ? s : "";
  }

  /** The string array element {@code name}, or an empty list when it was left out. */
  List<String> strings(String name) {
    Object value = values.get(name);
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return value instanceof String s ? List.of(s) : List.of();
  }

  /** The parameter types in Java source spelling, {@code (com.acme.Cart, int)}. */
  String parameters() {
    StringBuilder out = new StringBuilder("(");
    Type[] types = Type.getArgumentTypes(descriptor);
    for (int i = 0; i < types.length; i++) {
      out.append(i == 0 ? "" : ", ").append(types[i].getClassName());
    }
    return out.append(')').toString();
  }
}
