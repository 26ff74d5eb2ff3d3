package dev.scalpel.testapps.fixes.targets;

import dev.scalpel.testapps.targets.Boxes;
import dev.scalpel.testapps.targets.Config;
import dev.scalpel.testapps.targets.Greeter;
import dev.scalpel.testapps.targets.Journal;
import dev.scalpel.testapps.targets.Lambdas;
import dev.scalpel.testapps.targets.Late;
import dev.scalpel.testapps.targets.Numbers;
import dev.scalpel.testapps.targets.Primitives;
import dev.scalpel.testapps.targets.Sequences;
import dev.scalpel.testapps.targets.Shape;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * One fix per target of the zoo loaded by the application class loader. Each returns something
 * the original never does, so the zoo's output shows which fixes ran.
 */
public final class ZooFixes {

  private ZooFixes() {}

  /** Replaces the static {@link Numbers#twice(int)}. */
  public static int twice(int x) {
    return 3 * x;
  }

  /** Replaces the instance method {@link Numbers#plusOffset(int)}. */
  public static int plusOffset(Numbers self, int x) {
    return x - self.offset();
  }

  /** Replaces the private {@code Numbers#secret(int)}. */
  public static String secret(Numbers self, int x) {
    return "revealed-" + x;
  }

  /** Replaces the final {@link Numbers#label()}. */
  public static String label(Numbers self) {
    return "fixed label";
  }

  /** Replaces {@link Numbers#format(int)} and not its overload {@link Numbers#format(String)}. */
  public static String format(Numbers self, int x) {
    return "integer " + x;
  }

  /** Replaces {@link Primitives#nextByte(byte)}. */
  public static byte nextByte(byte b) {
    return (byte) (b - 1);
  }

  /** Replaces {@link Primitives#nextShort(short)}. */
  public static short nextShort(short s) {
    return (short) (s - 1);
  }

  /** Replaces {@link Primitives#nextInt(int)}. */
  public static int nextInt(int i) {
    return i - 1;
  }

  /** Replaces {@link Primitives#nextLong(long)}, with a result that needs all 64 bits. */
  public static long nextLong(long l) {
    return l * 1_000_000_000_000L;
  }

  /** Replaces {@link Primitives#halfFloat(float)}. */
  public static float halfFloat(float f) {
    return f * 2;
  }

  /** Replaces {@link Primitives#halfDouble(double)}. */
  public static double halfDouble(double d) {
    return d * 2;
  }

  /** Replaces {@link Primitives#nextChar(char)}. */
  public static char nextChar(char c) {
    return Character.toUpperCase(c);
  }

  /** Replaces {@link Primitives#negate(boolean)}. */
  public static boolean negate(boolean z) {
    return z;
  }

  /** Replaces {@link Primitives#mix}: the same values in reverse order. */
  public static String mix(byte b, short s, int i, long l, float f, double d, char c, boolean z) {
    return z + "|" + c + "|" + d + "|" + f + "|" + l + "|" + i + "|" + s + "|" + b;
  }

  /** Replaces {@link Sequences#sorted(int[])}: sorted in descending order. */
  public static int[] sorted(int[] values) {
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
      int swap = sorted[i];
      sorted[i] = sorted[j];
      sorted[j] = swap;
    }
    return sorted;
  }

  /** Replaces the varargs {@link Sequences#join(String...)}. */
  public static String join(String... parts) {
    return String.join("+", parts);
  }

  /** Replaces the {@code void} {@link Journal#record}; takes a supertype of its {@code List}. */
  public static void record(Collection<String> log, String entry) {
    log.add(entry.toUpperCase(Locale.ROOT));
  }

  /** Replaces {@link Config#load(String)}, which declares {@link IOException}. */
  public static String load(String name) throws IOException {
    return "defaults for " + name;
  }

  /** Replaces the default method {@link Greeter#greet(String)}; returns a subtype of its result. */
  public static String greet(Greeter self, String name) {
    return "howdy " + name;
  }

  /** Replaces {@link Shape#describe()}, inherited by its subclasses. */
  public static String describe(Shape self) {
    return self.name() + " of area " + self.area();
  }

  /** Replaces {@code Outer$Inner#value()}: that class is package-private, so it is an {@code Object} here. */
  public static String value(Object self) {
    return "fixed " + self.getClass().getName();
  }

  /** Replaces the synthetic body of the lambda in {@link Lambdas#shout(String)}. */
  public static String shoutBody(String word) {
    return word + "?";
  }

  /** Replaces {@link Boxes#parse(String)}. */
  public static Integer parse(String text) {
    return Integer.valueOf(-Integer.parseInt(text));
  }

  /** Replaces {@link Late#value()}, whose class loads after the patch is applied. */
  public static String lateValue() {
    return "late value, fixed";
  }
}
