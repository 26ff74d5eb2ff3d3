package dev.scalpel.dsl;

import java.util.List;

/**
 * A policy's pattern on a target's binary class name ({@code com.acme.pricing.PriceCalculator},
 * nested classes with {@code $}). {@code *} matches any run of characters, dots included, so
 * {@code java.*} covers {@code java.util.concurrent.ConcurrentHashMap} and {@code com.acme.*} every
 * class in {@code com.acme} and the packages below it, but not {@code com.acmex.Foo}; every other
 * character matches itself, case included. There is no {@code **} and no {@code ?}.
 *
 * @param text     the glob as the policy wrote it
 * @param literals the text between its stars, in order: one more than there are stars
 */
record TargetGlob(String text, List<String> literals) {

  private static final String EXAMPLE = "write a class name with * for any run of characters, e.g. com.acme.*";

  /**
   * The glob of {@code text}.
   *
   * @throws Invalid saying what is wrong and what to write: an empty glob, {@code **}, a method
   *                 or a file path instead of a class name, an empty package segment, or a
   *                 character that cannot be in a binary class name
   */
  static TargetGlob parse(String text) {
    if (text.isEmpty()) {
      throw new Invalid("target glob is empty; " + EXAMPLE);
    }
    if (text.contains("**")) {
      throw new Invalid("target glob " + Echo.quoted(text) + " has **; a single * already matches across"
          + " packages: write " + Echo.quoted(text.replaceAll("\\*+", "*")));
    }
    if (text.contains("#") || text.contains("(")) {
      throw new Invalid("target glob " + Echo.quoted(text) + " names a method; a glob matches the target's class name"
          + " only: write " + Echo.quoted(text.replaceAll("[#(].*", "")));
    }
    if (text.contains("/")) {
      throw new Invalid("target glob " + Echo.quoted(text) + " is a path; a glob matches class names with dots: write "
          + Echo.quoted(text.replace('/', '.')));
    }
    int bad = -1;
    for (int i = 0; i < text.length() && bad < 0; i += Character.charCount(text.codePointAt(i))) {
      int c = text.codePointAt(i);
      if (c != '*' && c != '.' && !Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c)) {
        bad = c;
      }
    }
    if (bad >= 0) {
      throw new Invalid("target glob " + Echo.quoted(text) + " contains " + Echo.quoted(Character.toString(bad))
          + ", which no class name has; " + EXAMPLE);
    }
    if (text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
      throw new Invalid("target glob " + Echo.quoted(text) + " has an empty package segment; " + EXAMPLE);
    }
    return new TargetGlob(text, List.of(text.split("\\*", -1)));
  }

  /**
   * Whether {@code className}, a binary class name, matches this glob as a whole: it starts with the
   * first literal, ends with the last, and holds the ones between in order, none overlapping.
   */
  boolean matches(String className) {
    String first = literals.get(0);
    if (literals.size() == 1) {
      return className.equals(first);
    }
    String last = literals.get(literals.size() - 1);
    int end = className.length() - last.length();
    if (end < first.length() || !className.startsWith(first) || !className.endsWith(last)) {
      return false;
    }
    int from = first.length();
    for (int i = 1; i < literals.size() - 1; i++) {
      int at = className.indexOf(literals.get(i), from);
      if (at < 0 || at + literals.get(i).length() > end) {
        return false;
      }
      from = at + literals.get(i).length();
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
