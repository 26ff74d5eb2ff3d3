package dev.scalpel.testapps.targets;

import java.util.Arrays;

/** Array and varargs parameters. */
public final class Sequences {

  private Sequences() {}

  /** An array parameter and an array result: a sorted copy. */
  public static int[] sorted(int[] values) {
    int[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  /** A varargs parameter: the parts joined by commas. */
  public static String join(String... parts) {
    return String.join(",", parts);
  }
}
