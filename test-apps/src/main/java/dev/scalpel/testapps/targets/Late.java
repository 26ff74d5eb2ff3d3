package dev.scalpel.testapps.targets;

/** Loaded only by name, after every other target has run, so its patch waits for it. */
public final class Late {

  private Late() {}

  public static String value() {
    return "late value";
  }
}
