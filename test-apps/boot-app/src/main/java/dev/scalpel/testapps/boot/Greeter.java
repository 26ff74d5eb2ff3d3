package dev.scalpel.testapps.boot;

/** The application's own code, in {@code BOOT-INF/classes}: its greeting drops the name's capital. */
public final class Greeter {

  /** A greeting for {@code name}; the bug: it lower-cases the whole name. */
  public String greet(String name) {
    return "hello, " + name.toLowerCase(java.util.Locale.ROOT);
  }
}
