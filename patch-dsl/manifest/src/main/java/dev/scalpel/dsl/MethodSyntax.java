package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The syntax of method and class names: {@code target}, {@code fix}, {@code when} and
 * {@code throws}. Each method returns the parsed value or throws {@link Invalid}.
 */
final class MethodSyntax {

  private static final String TARGET_FORM = "write binary.class.Name#method(paramType, ...)";
  private static final String CLASS_FORM =
      "write dot-separated Java identifiers, with $ for nested classes, e.g. com.acme.Outer$Inner";
  private static final int MAX_ARRAY_DIMENSIONS = 255;

  private MethodSyntax() {}

  /**
   * {@code binary.class.Name#method(paramType, ...)}; without the parentheses the parameter list
   * is left out, and a varargs {@code T...} (last parameter only) is read as the array {@code T[]}.
   */
  static Target target(String text) {
    int hash = text.indexOf('#');
    if (hash < 0) {
      throw new Invalid("target " + Echo.quoted(text) + " has no '#' between class and method; " + TARGET_FORM);
    }
    if (text.indexOf('#', hash + 1) >= 0) {
      throw new Invalid("target " + Echo.quoted(text) + " has more than one '#'; " + TARGET_FORM);
    }
    if (hash == 0) {
      throw new Invalid("target " + Echo.quoted(text) + " has no class name before '#'; " + TARGET_FORM);
    }
    String className = className("target class", text.substring(0, hash));
    String rest = text.substring(hash + 1);
    int open = rest.indexOf('(');
    int opens = count(rest, '(');
    int closes = count(rest, ')');
    if (opens == 0 && closes == 0) {
      return new Target(className, targetMethod(text, rest), Optional.empty());
    }
    if (opens > closes) {
      throw new Invalid("target " + Echo.quoted(text)
          + " has an unbalanced '('; close the parameter list with ')'");
    }
    if (closes > opens || rest.indexOf(')') < open) {
      throw new Invalid("target " + Echo.quoted(text) + " has an unbalanced ')'; " + TARGET_FORM);
    }
    if (opens > 1) {
      throw new Invalid("target " + Echo.quoted(text)
          + " has nested parentheses; a parameter list holds only types, e.g. (int, java.lang.String[])");
    }
    if (!rest.endsWith(")")) {
      throw new Invalid("target " + Echo.quoted(text)
          + " has text after ')'; end the target with its parameter list");
    }
    String method = targetMethod(text, rest.substring(0, open));
    List<String> parameters = parameters(rest.substring(open + 1, rest.length() - 1));
    return new Target(className, method, Optional.of(parameters));
  }

  /** {@code binary.Class#method}, without parameters: how {@code fix} and {@code when} name a method. */
  static MethodRef methodRef(Key key, String text) {
    String form = "write binary.Class#method, e.g. " + key.example().substring(key.spelling().length() + 2);
    int hash = text.indexOf('#');
    if (hash < 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " has no '#' between class and method; " + form);
    }
    if (text.indexOf('#', hash + 1) >= 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " has more than one '#'; " + form);
    }
    if (hash == 0) {
      throw new Invalid(key + " " + Echo.quoted(text) + " has no class name before '#'; " + form);
    }
    String method = text.substring(hash + 1);
    if (method.contains("(") || method.contains(")")) {
      throw new Invalid(key + " " + Echo.quoted(text)
          + " has a parameter list; write only binary.Class#method: the parameters follow from the target");
    }
    if (method.isEmpty()) {
      throw new Invalid(key + " " + Echo.quoted(text) + " has no method name after '#'; " + form);
    }
    if (!isIdentifier(method)) {
      throw new Invalid(key + " method " + Echo.quoted(method) + " is not a Java identifier; " + form);
    }
    return new MethodRef(className(key + " class", text.substring(0, hash)), method);
  }

  /** The binary name of an exception class, which must name its package. */
  static String exceptionClass(String text) {
    if (text.contains("#") || text.contains("(")) {
      throw new Invalid("throws takes a class name, not a method; write e.g. java.lang.IllegalStateException");
    }
    if (isIdentifier(text)) {
      throw new Invalid("throws " + Echo.quoted(text)
          + " is not fully qualified; write the fully qualified name, e.g. java.lang.IllegalStateException");
    }
    return className("throws class", text);
  }

  private static String targetMethod(String target, String method) {
    if (method.isEmpty()) {
      throw new Invalid("target " + Echo.quoted(target) + " has no method name after '#'; " + TARGET_FORM);
    }
    if (method.equals("<init>") || method.equals("<clinit>")) {
      String what = method.equals("<init>") ? "a constructor" : "a static initializer";
      throw new Invalid("target " + Echo.quoted(target) + " names " + what
          + "; constructors and static initializers are not targets: patch a method that it calls instead");
    }
    if (!isIdentifier(method)) {
      throw new Invalid("target method " + Echo.quoted(method)
          + " is not a Java identifier; write the method's name, e.g. total, or lambda$main$0 for a lambda body");
    }
    return method;
  }

  private static String className(String what, String name) {
    if (name.contains("/")) {
      throw new Invalid(what + " " + Echo.quoted(name)
          + " uses '/'; write the binary name with dots, e.g. com.acme.Cart");
    }
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty()) {
        throw new Invalid(what + " " + Echo.quoted(name) + " has an empty name between dots; " + CLASS_FORM);
      }
      if (!isIdentifier(part)) {
        throw new Invalid(what + " " + Echo.quoted(name) + " is not a binary class name: " + Echo.quoted(part)
            + " is not a Java identifier; " + CLASS_FORM);
      }
    }
    return name;
  }

  private static List<String> parameters(String list) {
    if (list.isBlank()) {
      return List.of();
    }
    String[] parts = list.split(",", -1);
    List<String> types = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      types.add(parameter(parts[i].strip(), i + 1, i == parts.length - 1));
    }
    return types;
  }

  private static String parameter(String type, int position, boolean last) {
    String which = "target parameter " + position + " ";
    if (type.isEmpty()) {
      throw new Invalid(which + "is empty; separate parameter types with ', ', e.g. (int, java.lang.String)");
    }
    if (hasWhitespace(type)) {
      throw new Invalid(which + Echo.quoted(type)
          + " has a space in it; write the type alone, e.g. java.lang.String[]");
    }
    String element = type;
    int dimensions = 0;
    if (element.endsWith("...")) {
      if (!last) {
        throw new Invalid(which + Echo.quoted(type)
            + " is varargs but not the last parameter; only the last may end with '...'");
      }
      element = element.substring(0, element.length() - 3);
      dimensions++;
    }
    while (element.endsWith("[]")) {
      element = element.substring(0, element.length() - 2);
      dimensions++;
    }
    if (element.contains("<") || element.contains(">")) {
      throw new Invalid(which + Echo.quoted(type) + " has type arguments; write the erased type, e.g. java.util.List");
    }
    if (element.isEmpty() || element.contains("[") || element.contains("]")) {
      throw new Invalid(which + Echo.quoted(type)
          + " is not an array type; write arrays as int[] or java.lang.String[][]");
    }
    if (dimensions > MAX_ARRAY_DIMENSIONS) {
      throw new Invalid(which + "has more than " + MAX_ARRAY_DIMENSIONS + " array dimensions, the JVM's limit");
    }
    if (element.equals("void")) {
      throw new Invalid(which + "is void, which is not a parameter type");
    }
    if (!TypeNames.isPrimitive(element)) {
      if (isIdentifier(element)) {
        throw new Invalid(which + Echo.quoted(type)
            + " is not fully qualified; write the fully qualified name, e.g. java.lang.String");
      }
      className(which.strip(), element);
    }
    return element + "[]".repeat(dimensions);
  }

  private static boolean isIdentifier(String name) {
    if (name.isEmpty() || !isIdentifierStart(name.codePointAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
      if (!isIdentifierPart(name.codePointAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@link Character#isJavaIdentifierStart(int)}, answered without a table lookup for ASCII. */
  static boolean isIdentifierStart(int c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }
    return Character.isJavaIdentifierStart(c);
  }

  /**
   * {@link Character#isJavaIdentifierPart(int)} but not {@link Character#isIdentifierIgnorable(int)},
   * answered without a table lookup for ASCII.
   */
  static boolean isIdentifierPart(int c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }
    return Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c);
  }

  private static int count(String text, char c) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        count++;
      }
    }
    return count;
  }

  private static boolean hasWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
