package dev.scalpel.dsl;

import java.util.regex.Pattern;

/**
 * A policy's pattern on a target's binary class name ({@code com.acme.pricing.PriceCalculator},
 * nested classes with {@code $}). {@code *} matches any run of characters, dots included, so
 * {@code java.*} covers {@code java.util.concurrent.ConcurrentHashMap} and {@code com.acme.*} every
 * class in {@code com.acme} and the packages below it, but not {@code com.acmex.Foo}; every other
 * character matches itself, case included. There is no {@code **} and no {@code ?}.
 *
 * @param text the glob as the policy wrote it
 */
record TargetGlob(String text, Pattern pattern) {

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
    int bad = text.codePoints().filter(c -> c != '*' && c != '.' && !Character.isJavaIdentifierPart(c)
        || Character.isIdentifierIgnorable(c)).findFirst().orElse(-1);
    if (bad >= 0) {
      throw new Invalid("target glob " + Echo.quoted(text) + " contains " + Echo.quoted(Character.toString(bad))
          + ", which no class name has; " + EXAMPLE);
    }
    if (text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
      throw new Invalid("target glob " + Echo.quoted(text) + " has an empty package segment; " + EXAMPLE);
    }
    StringBuilder regex = new StringBuilder();
    for (String literal : text.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(literal));
    }
    return new TargetGlob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  /** Whether {@code className}, a binary class name, matches this glob as a whole. */
  boolean matches(String className) {
    return pattern.matcher(className).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
