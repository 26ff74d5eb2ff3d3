package dev.scalpel.dsl;

import java.util.Map;

/** Conversions between the Java source spelling of a type and its JVM descriptor. */
public final class TypeNames {

  private static final Map<String, String> PRIMITIVES = Map.of(
      "boolean", "Z", "byte", "B", "char", "C", "short", "S",
      "int", "I", "long", "J", "float", "F", "double", "D", "void", "V");

  private TypeNames() {}

  /**
   * The descriptor of a source spelling: {@code int} is {@code I}, {@code java.lang.String[]} is
   * {@code [Ljava/lang/String;}, {@code a.Outer$Inner} is {@code La/Outer$Inner;}. The spelling
   * must already be valid; the manifest validator checks it.
   */
  public static String descriptor(String sourceSpelling) {
    String element = sourceSpelling;
    StringBuilder dims = new StringBuilder();
    while (element.endsWith("[]")) {
      dims.append('[');
      element = element.substring(0, element.length() - 2);
    }
    String primitive = PRIMITIVES.get(element);
    return dims + (primitive != null ? primitive : "L" + element.replace('.', '/') + ";");
  }

  /** Whether the spelling names a primitive type (or {@code void}). */
  public static boolean isPrimitive(String sourceSpelling) {
    return PRIMITIVES.containsKey(sourceSpelling);
  }
}
