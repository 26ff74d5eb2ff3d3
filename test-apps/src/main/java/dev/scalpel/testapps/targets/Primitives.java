package dev.scalpel.testapps.targets;

/** One static method per primitive type, and one taking all eight at once. */
public final class Primitives {

  private Primitives() {}

  /** {@code b + 1}. */
  public static byte nextByte(byte b) {
    return (byte) (b + 1);
  }

  /** {@code s + 1}. */
  public static short nextShort(short s) {
    return (short) (s + 1);
  }

  /** {@code i + 1}. */
  public static int nextInt(int i) {
    return i + 1;
  }

  /** {@code l + 1}. */
  public static long nextLong(long l) {
    return l + 1;
  }

  /** {@code f / 2}. */
  public static float halfFloat(float f) {
    return f / 2;
  }

  /** {@code d / 2}. */
  public static double halfDouble(double d) {
    return d / 2;
  }

  /** The next character. */
  public static char nextChar(char c) {
    return (char) (c + 1);
  }

  /** {@code !z}. */
  public static boolean negate(boolean z) {
    return !z;
  }

  /**
   * Every primitive type in one parameter list, the two-slot {@code long} and {@code double}
   * among the others: the values joined by {@code |}.
   */
  public static String mix(byte b, short s, int i, long l, float f, double d, char c, boolean z) {
    return b + "|" + s + "|" + i + "|" + l + "|" + f + "|" + d + "|" + c + "|" + z;
  }
}
