package dev.scalpel.dsl;

import java.util.Objects;

/**
 * A static method named by {@code binary.class.Name#method}, as {@code fix} and {@code when} name it.
 *
 * @param className  binary class name ({@code a.Outer$Inner})
 * @param methodName method name
 */
public record MethodRef(String className, String methodName) {

  /**
   * A method reference; its names are checked by the parser, not here.
   *
   * @throws NullPointerException if an argument is null
   */
  public MethodRef {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(methodName, "methodName");
  }

  @Override
  public String toString() {
    return className + "#" + methodName;
  }
}
