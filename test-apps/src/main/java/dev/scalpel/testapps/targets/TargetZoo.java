package dev.scalpel.testapps.targets;

import static java.lang.invoke.MethodType.methodType;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calls one method of every kind that Scalpel must be able to patch and prints one line
 * {@code name=value} per call; a call that throws prints {@code name=threw:ClassName:message}.
 *
 * <p>Usage: {@code TargetZoo PLUGIN_JAR LEGACY_DIR}, where {@code PLUGIN_JAR} holds
 * {@code dev.scalpel.testapps.plugin.GreetingPlugin} and {@code LEGACY_DIR} is a class path
 * directory holding {@code dev.scalpel.testapps.legacy.Legacy} as an old class file.
 */
public final class TargetZoo {

  static final String PLUGIN_CLASS = "dev.scalpel.testapps.plugin.GreetingPlugin";
  static final String LEGACY_CLASS = "dev.scalpel.testapps.legacy.Legacy";
  static final String LATE_CLASS = "dev.scalpel.testapps.targets.Late";

  private TargetZoo() {}

  /** A call whose result or exception is printed. */
  @FunctionalInterface
  private interface Call {
    Object run() throws Throwable;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: TargetZoo PLUGIN_JAR LEGACY_DIR");
      System.exit(2);
    }
    URL pluginJar = Path.of(args[0]).toUri().toURL();
    URL legacyDir = Path.of(args[1]).toUri().toURL();

    Numbers numbers = new Numbers(10);
    print("static", () -> Numbers.twice(7));
    print("instance", () -> numbers.plusOffset(7));
    print("private", () -> numbers.reveal(7));
    print("final", numbers::label);
    print("overload.int", () -> numbers.format(7));
    print("overload.string", () -> numbers.format("seven"));

    print("byte", () -> Primitives.nextByte((byte) 7));
    print("short", () -> Primitives.nextShort((short) 7));
    print("int", () -> Primitives.nextInt(7));
    print("long", () -> Primitives.nextLong(7L));
    print("float", () -> Primitives.halfFloat(7f));
    print("double", () -> Primitives.halfDouble(7.0));
    print("char", () -> Primitives.nextChar('a'));
    print("boolean", () -> Primitives.negate(true));
    print("mix", () -> Primitives.mix((byte) 1, (short) 2, 3, 4L, 5.5f, 6.5, 'x', true));

    print("array", () -> Sequences.sorted(new int[] {3, 1, 2}));
    print("varargs", () -> Sequences.join("a", "b", "c"));
    List<String> log = new ArrayList<>();
    print("void", () -> {
      Journal.record(log, "visited");
      return log;
    });
    print("checked", () -> Config.load("settings.conf"));
    print("default", () -> new PlainGreeter().greet("zoo"));
    print("abstract", () -> new Square(3).describe());
    print("nested", () -> new Outer.Inner().value());
    print("lambda", () -> Lambdas.shout("lambda"));
    print("boxed", () -> Boxes.parse("42"));
    print("jdk", () -> Base64.getEncoder().encodeToString("scalpel".getBytes(US_ASCII)));

    ClassLoader app = TargetZoo.class.getClassLoader();
    try (URLClassLoader pluginA = new URLClassLoader("plugin-a", new URL[] {pluginJar}, app);
        URLClassLoader pluginB = new URLClassLoader("plugin-b", new URL[] {pluginJar}, app);
        URLClassLoader legacy = new URLClassLoader("legacy", new URL[] {legacyDir}, app)) {
      print("plugin.a", () -> plugin(pluginA).get());
      print("plugin.b", () -> plugin(pluginB).get());
      print("plugin.distinct", () -> plugin(pluginA).getClass() != plugin(pluginB).getClass());
      print("legacy.major", () -> classFileMajorVersion(legacy, LEGACY_CLASS));
      print("legacy", () -> MethodHandles.lookup()
          .findStatic(Class.forName(LEGACY_CLASS, true, legacy), "triple", methodType(int.class, int.class))
          .invoke(7));
    }

    System.out.println("marker=loading late class");
    print("late", () -> MethodHandles.lookup()
        .findStatic(Class.forName(LATE_CLASS), "value", methodType(String.class))
        .invoke());
  }

  private static void print(String name, Call call) {
    String value;
    try {
      value = format(call.run());
    } catch (Throwable t) {
      value = "threw:" + t.getClass().getName() + ":" + t.getMessage();
    }
    System.out.println(name + "=" + value);
  }

  private static String format(Object value) {
    if (value instanceof int[] ints) {
      return Arrays.toString(ints);
    }
    return String.valueOf(value);
  }

  private static Supplier<?> plugin(ClassLoader loader) throws ReflectiveOperationException {
    return (Supplier<?>) Class.forName(PLUGIN_CLASS, true, loader).getConstructor().newInstance();
  }

  private static int classFileMajorVersion(ClassLoader loader, String className) throws IOException {
    try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IOException(className + " is not in " + loader.getName());
      }
      byte[] header = in.readNBytes(8);
      return (header[6] & 0xff) << 8 | header[7] & 0xff;
    }
  }
}
