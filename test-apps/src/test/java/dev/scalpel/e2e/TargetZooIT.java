package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of target the engine must patch, and every action, on the target zoo. One manifest
 * patches many targets at once to keep JVM starts few; the zoo prints one line per target, so a
 * failure shows exactly which targets went wrong.
 */
final class TargetZooIT {

  private static final String T = "dev.scalpel.testapps.targets.";
  private static final String FIXES = "dev.scalpel.testapps.fixes.targets.ZooFixes#";

  /** Guards the baseline, including that the legacy class really loads as version 47. */
  @AcrossJdks
  void zoo_withoutAgent(Jdk jdk, @TempDir Path dir) {
    App.ZOO.run(jdk, dir).assertSucceededWith(App.ZOO.unpatchedOutput());
  }

  /** Guards {@code fix} on every kind of target, one manifest, one JVM. */
  @AcrossJdks
  void zoo_fixesEveryTargetKind(Jdk jdk, @TempDir Path dir) throws ClassNotFoundException {
    Path manifest = ManifestFile.write(dir,
        zooFix("STATIC", "Numbers#twice(int)", "twice"),
        zooFix("INSTANCE", "Numbers#plusOffset(int)", "plusOffset"),
        zooFix("PRIVATE", "Numbers#secret(int)", "secret"),
        zooFix("FINAL", "Numbers#label()", "label"),
        zooFix("OVERLOAD", "Numbers#format(int)", "format"),
        zooFix("BYTE", "Primitives#nextByte(byte)", "nextByte"),
        zooFix("SHORT", "Primitives#nextShort(short)", "nextShort"),
        zooFix("INT", "Primitives#nextInt(int)", "nextInt"),
        zooFix("LONG", "Primitives#nextLong(long)", "nextLong"),
        zooFix("FLOAT", "Primitives#halfFloat(float)", "halfFloat"),
        zooFix("DOUBLE", "Primitives#halfDouble(double)", "halfDouble"),
        zooFix("CHAR", "Primitives#nextChar(char)", "nextChar"),
        zooFix("BOOLEAN", "Primitives#negate(boolean)", "negate"),
        zooFix("MIX", "Primitives#mix(byte, short, int, long, float, double, char, boolean)", "mix"),
        zooFix("ARRAY", "Sequences#sorted(int[])", "sorted"),
        zooFix("VARARGS", "Sequences#join(java.lang.String[])", "join"),
        zooFix("VOID", "Journal#record(java.util.List, java.lang.String)", "record"),
        zooFix("CHECKED", "Config#load(java.lang.String)", "load"),
        zooFix("DEFAULT", "Greeter#greet(java.lang.String)", "greet"),
        zooFix("ABSTRACT", "Shape#describe()", "describe"),
        zooFix("NESTED", "Outer$Inner#value()", "value"),
        patch("ZOO-LAMBDA", lambdaBodyTarget()).fix(FixJar.TARGETS, FIXES + "shoutBody"),
        zooFix("BOXED", "Boxes#parse(java.lang.String)", "parse"),
        patch("ZOO-JDK", "java.util.Base64$Encoder#encodeToString(byte[])")
            .fix(FixJar.TARGETS, "dev.scalpel.testapps.fixes.targets.JdkFixes#encodeToString"),
        patch("ZOO-PLUGIN", "dev.scalpel.testapps.plugin.GreetingPlugin#get()")
            .fix(FixJar.TARGETS, "dev.scalpel.testapps.fixes.targets.PluginFixes#get"),
        patch("ZOO-LEGACY", LegacyClass.NAME + "#triple(int)")
            .fix(FixJar.TARGETS, "dev.scalpel.testapps.fixes.targets.LegacyFixes#triple"),
        zooFix("LATE", "Late#value()", "lateValue"));

    App.ZOO.runWithAgent(jdk, dir, manifest).assertSucceededWith(App.ZOO.outputWith(
        "static=21",
        "instance=-3",
        "private=revealed-7",
        "final=fixed label",
        "overload.int=integer 7",
        "byte=6",
        "short=6",
        "int=6",
        "long=7000000000000",
        "float=14.0",
        "double=14.0",
        "char=A",
        "boolean=true",
        "mix=true|x|6.5|5.5|4|3|2|1",
        "array=[3, 2, 1]",
        "varargs=a+b+c",
        "void=[VISITED]",
        "checked=defaults for settings.conf",
        "default=howdy zoo",
        "abstract=square of area 9",
        "nested=fixed dev.scalpel.testapps.targets.Outer$Inner",
        "lambda=lambda?",
        "boxed=-42",
        "jdk=7363616c70656c",
        "plugin.a=fixed hello from plugin-a",
        "plugin.b=fixed hello from plugin-b",
        "legacy=210",
        "late=late value, fixed"));
  }

  /** Guards {@code returns} with every kind of scalar, each fitted to its target's return type. */
  @AcrossJdks
  void zoo_returnsConstants(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        patch("RET-STATIC", T + "Numbers#twice(int)").returns("0"),
        patch("RET-INSTANCE", T + "Numbers#plusOffset(int)").returns("99"),
        patch("RET-PLAIN-STRING", T + "Numbers#secret(int)").returns("hidden"),
        patch("RET-STRING", T + "Numbers#label()").returns("\"constant label\""),
        patch("RET-NULL", T + "Numbers#format(java.lang.String)").returns("null"),
        patch("RET-BYTE", T + "Primitives#nextByte(byte)").returns("-1"),
        patch("RET-SHORT", T + "Primitives#nextShort(short)").returns("300"),
        patch("RET-INT", T + "Primitives#nextInt(int)").returns("42"),
        patch("RET-LONG", T + "Primitives#nextLong(long)").returns("9000000000"),
        patch("RET-FLOAT", T + "Primitives#halfFloat(float)").returns("0.25"),
        patch("RET-DOUBLE", T + "Primitives#halfDouble(double)").returns("2.5"),
        patch("RET-BOOLEAN", T + "Primitives#negate(boolean)").returns("true"),
        patch("RET-NULL-ARRAY", T + "Sequences#sorted(int[])").returns("null"),
        patch("RET-BOXED", T + "Boxes#parse(java.lang.String)").returns("7"));

    App.ZOO.runWithAgent(jdk, dir, manifest).assertSucceededWith(App.ZOO.outputWith(
        "static=0",
        "instance=99",
        "private=hidden",
        "final=constant label",
        "overload.string=null",
        "byte=-1",
        "short=300",
        "int=42",
        "long=9000000000",
        "float=0.25",
        "double=2.5",
        "boolean=true",
        "array=null",
        "boxed=7"));
  }

  /** Guards {@code throws} with and without a message, a declared checked exception, and {@code skip}. */
  @AcrossJdks
  void zoo_throwsAndSkips(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        patch("THROW-MESSAGE", T + "Numbers#plusOffset(int)")
            .throwing("java.lang.IllegalStateException", "offsets are switched off"),
        patch("THROW-BARE", T + "Numbers#label()").throwing("java.lang.UnsupportedOperationException"),
        patch("THROW-STATIC", T + "Primitives#nextInt(int)").throwing("java.lang.ArithmeticException"),
        patch("THROW-CHECKED", T + "Config#load(java.lang.String)")
            .throwing("java.io.FileNotFoundException", "settings.conf was removed"),
        patch("SKIP-VOID", T + "Journal#record(java.util.List, java.lang.String)").skip());

    App.ZOO.runWithAgent(jdk, dir, manifest).assertSucceededWith(App.ZOO.outputWith(
        "instance=threw:java.lang.IllegalStateException:offsets are switched off",
        "final=threw:java.lang.UnsupportedOperationException:null",
        "int=threw:java.lang.ArithmeticException:null",
        "checked=threw:java.io.FileNotFoundException:settings.conf was removed",
        "void=[]"));
  }

  /** Guards {@code mode: disabled}: patches of every action kind stay declared but run the original. */
  @AcrossJdks
  void zoo_disabledPatchesRunOriginal(Jdk jdk, @TempDir Path dir) {
    Path manifest = ManifestFile.write(dir,
        zooFix("STATIC", "Numbers#twice(int)", "twice").mode("disabled"),
        patch("RET-INT", T + "Primitives#nextInt(int)").returns("42").mode("disabled"),
        patch("THROW-BARE", T + "Numbers#label()").throwing("java.lang.UnsupportedOperationException")
            .mode("disabled"),
        patch("SKIP-VOID", T + "Journal#record(java.util.List, java.lang.String)").skip().mode("disabled"));

    App.ZOO.runWithAgent(jdk, dir, manifest).assertSucceededWith(App.ZOO.unpatchedOutput());
  }

  private static Patch zooFix(String id, String target, String fixMethod) {
    return patch("ZOO-" + id, T + target).fix(FixJar.TARGETS, FIXES + fixMethod);
  }

  /**
   * The lambda body's synthetic method as a target. Its name is javac's choice, so it is looked
   * up in the compiled class: the one synthetic {@code lambda$} method of {@code Lambdas}.
   */
  static String lambdaBodyTarget() throws ClassNotFoundException {
    Class<?> lambdas = Class.forName(T + "Lambdas", false, TargetZooIT.class.getClassLoader());
    List<Method> bodies = Arrays.stream(lambdas.getDeclaredMethods())
        .filter(m -> m.isSynthetic() && m.getName().startsWith("lambda$"))
        .toList();
    assertEquals(1, bodies.size(), () -> "lambda bodies in " + lambdas + ": " + bodies);
    Method body = bodies.get(0);
    return lambdas.getName() + "#" + body.getName() + Arrays.stream(body.getParameterTypes())
        .map(Class::getTypeName)
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
