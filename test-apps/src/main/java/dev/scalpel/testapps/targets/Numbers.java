package dev.scalpel.testapps.targets;

/** Static, instance, private, final and overloaded methods, side by side in one class. */
public class Numbers {

  private final int offset;

  /** Numbers that add {@code offset} in {@link #plusOffset}. */
  public Numbers(int offset) {
    this.offset = offset;
  }

  /** A static method: {@code 2 * x}. */
  public static int twice(int x) {
    return 2 * x;
  }

  /** An instance method: {@code x} plus this instance's offset. */
  public int plusOffset(int x) {
    return x + offset;
  }

  /** The offset this instance adds. */
  public int offset() {
    return offset;
  }

  /** Calls the private method {@link #secret}. */
  public String reveal(int x) {
    return secret(x);
  }

  private String secret(int x) {
    return "secret-" + x;
  }

  /** A final method of a class that is not final. */
  public final String label() {
    return "final label";
  }

  /** One of two overloads named {@code format}. */
  public String format(int x) {
    return "int:" + x;
  }

  /** The other overload named {@code format}. */
  public String format(String s) {
    return "string:" + s;
  }
}
