package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.dsl.Constant;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Mode;
import dev.scalpel.engine.fixtures.OldFixes;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine on class files older than Java 7 ({@link OldClassFiles}, versions 45.3 to 50)
 * against a real {@link Instrumentation}: every action kind, a class loaded before the apply
 * (retransformed) and after it (transformed as it loads), a method with subroutines, rollback,
 * and a discarded class loader.
 */
final class OldClassFilesInstrumentedTest {

  private static final String FIX = "dev.scalpel.engine.isolated.OldFixes";
  private static Instrumentation instrumentation;
  private static PatchEngine engine;
  private static final List<String> errors = TestEngine.ERRORS;

  @TempDir
  Path dir;
  private Path jar;
  private String sha;

  @BeforeAll
  static void install() {
    engine = TestEngine.engine();
    instrumentation = TestEngine.instrumentation();
  }

  @BeforeEach
  void fixJar() throws Exception {
    jar = TestEngine.renamedJar(dir.resolve("old-fix.jar"), OldFixes.class, FIX);
    sha = PatchJars.sha256(jar);
  }

  @AfterEach
  void clear() throws Exception {
    engine.apply(Manifest.builder().build(), "empty", dir, true);
    assertThat(errors).isEmpty();
  }

  static List<Integer> versions() {
    return java.util.Arrays.stream(OldClassFiles.VERSIONS).boxed().toList();
  }

  /** Every action kind on one old class: {@code fix} with {@code when}, returns, throws, skip, rollout, shadow. */
  private Manifest everyAction(String className) {
    String fix = jar.toString();
    return Manifest.builder()
        .patch("FIX", p -> p.target(className + "#trimmed").fix(FIX + "#trimmed", fix, sha).when(FIX + "#nonEmpty"))
        .patch("RETURNS", p -> p.target(className + "#twice").returns(Constant.of(42)))
        .patch("THROWS", p -> p.target(className + "#plus").throwing("java.lang.IllegalStateException", "old"))
        .patch("SKIP", p -> p.target(className + "#touch").skip())
        .patch("ROLLOUT", p -> p.target(className + "#pick").fix(FIX + "#pick", fix, sha).rollout("25%").stickyBy(1))
        .patch("SHADOW", p -> p.target(className + "#first").fix(FIX + "#first", fix, sha).mode(Mode.SHADOW))
        .build();
  }

  private static Class<?> load(String className, int version) throws ClassNotFoundException {
    return new OldClassFiles.Loader("old-" + OldClassFiles.spelling(version),
        Map.of(className, OldClassFiles.generate(className, version))).loadClass(className);
  }

  private static String className(String prefix, int version) {
    return "dev.scalpel.engine.generated." + prefix + "V" + OldClassFiles.spelling(version).replace('.', '_');
  }

  /** Guards every action kind on a loaded old class, which the apply retransforms, and its rollback. */
  @ParameterizedTest(name = "class file {0}")
  @MethodSource("versions")
  void oldClassLoadedBefore_everyActionAppliesAndRollsBack(int version) throws Exception {
    String name = className("Loaded", version);
    Class<?> old = load(name, version);
    assertOriginal(old);

    engine.apply(everyAction(name), "m", dir, true);
    assertThat(engine.status()).extracting(PatchStatus::state)
        .containsExactly("active", "active", "active", "active", "active", "shadow");
    assertPatched(old);

    engine.rollbackAll();
    assertOriginal(old);
    assertThat(Bodies.of(TestEngine.currentClassFile(old)).methods)
        .isEqualTo(Bodies.of(OldClassFiles.generate(name, version)).methods);
  }

  /** Guards every action kind on an old class that loads after the apply, transformed as it loads. */
  @ParameterizedTest(name = "class file {0}")
  @MethodSource("versions")
  void oldClassLoadedAfter_everyActionApplies(int version) throws Exception {
    String name = className("Late", version);
    engine.apply(everyAction(name), "m", dir, true);
    assertThat(engine.status()).extracting(PatchStatus::state).containsOnly("pending");

    Class<?> old = load(name, version);
    assertThat(engine.status()).extracting(PatchStatus::state)
        .containsExactly("active", "active", "active", "active", "active", "shadow");
    assertPatched(old);

    engine.rollbackAll();
    assertOriginal(old);
  }

  private static void assertOriginal(Class<?> old) throws Exception {
    int finallies = old.getField("finallies").getInt(null);
    assertThat(call(old, "trimmed", " a ")).isEqualTo("a");
    assertThat(call(old, "trimmedToo", " b ")).isEqualTo("b");
    assertThat(call(old, "nested", " c ")).isEqualTo("c");
    assertThat(old.getField("finallies").getInt(null)).as("finally blocks run").isEqualTo(finallies + 13);
    assertThat(call(old, "twice", 5)).isEqualTo(10);
    assertThat(old.getMethod("plus", int.class).invoke(old.getConstructor().newInstance(), 1)).isEqualTo(2);
    StringBuffer touched = new StringBuffer();
    old.getMethod("touch", StringBuffer.class).invoke(null, touched);
    assertThat(touched).hasToString("touched");
    assertThat(call(old, "pick", true, 3)).isEqualTo(3);
    assertThat(call(old, "pick", false, 4)).isEqualTo(4);
    assertThat(call(old, "first", true, 5)).isEqualTo(5);
    assertThat(call(old, "first", false, 6)).isEqualTo(6);
  }

  private static void assertPatched(Class<?> old) throws Exception {
    int finallies = old.getField("finallies").getInt(null);
    assertThat(call(old, "trimmed", " a ")).isEqualTo("fixed[ a ]");
    assertThat(call(old, "trimmed", "")).as("when said no").isEqualTo("");
    assertThat(call(old, "trimmedToo", " b ")).as("the other method with a subroutine").isEqualTo("b");
    assertThat(call(old, "nested", " c ")).as("nested subroutines").isEqualTo("c");
    assertThat(old.getField("finallies").getInt(null)).as("finally blocks run").isEqualTo(finallies + 13);
    assertThat(call(old, "twice", 5)).isEqualTo(42);
    // The original's exception leaves through its own finally (a subroutine, inlined) and then the
    // prologue's handler, which counts it.
    assertThatThrownBy(() -> call(old, "trimmed", (Object) null)).isInstanceOf(InvocationTargetException.class)
        .cause().isInstanceOf(NullPointerException.class);
    assertThat(old.getField("finallies").getInt(null)).as("the finally block ran first").isEqualTo(finallies + 14);
    assertThat(engine.status().get(0).errorsOriginal()).isEqualTo(1L);
    Object instance = old.getConstructor().newInstance();
    assertThatThrownBy(() -> old.getMethod("plus", int.class).invoke(instance, 1))
        .isInstanceOf(InvocationTargetException.class)
        .cause().isInstanceOf(IllegalStateException.class).hasMessage("old");
    StringBuffer touched = new StringBuffer();
    old.getMethod("touch", StringBuffer.class).invoke(null, touched);
    assertThat(touched).as("skipped").hasToString("");
    int taken = 0;
    for (int x = 0; x < 200; x++) {
      boolean expected = Rollouts.bucket("ROLLOUT", Integer.toString(x)) <= 25;
      assertThat(call(old, "pick", x % 2 == 0, x)).as("pick x=" + x).isEqualTo(expected ? -x : x);
      taken += expected ? 1 : 0;
    }
    assertThat(taken).isPositive();
    for (int x = 0; x < 10; x++) {
      assertThat(call(old, "first", x % 2 == 0, x)).as("shadow: the original answers").isEqualTo(x);
    }
    PatchStatus shadow = engine.status().get(5);
    assertThat(shadow.shadow().matches()).isEqualTo(9);
    assertThat(shadow.shadow().mismatches()).isEqualTo(1);
  }

  private static Object call(Class<?> type, String method, Object... args) throws Exception {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(method)) {
        return m.invoke(null, args);
      }
    }
    throw new NoSuchMethodException(method);
  }

  /**
   * Guards against the leak of the old dispatch, which kept the call sites of classes before
   * version 51 for the life of the JVM: a discarded loader of an old class can be collected while
   * its patch stays in force.
   */
  @ParameterizedTest(name = "class file {0}")
  @MethodSource("versions")
  void activePatchOnOldClass_doesNotKeepADiscardedLoaderAlive(int version) throws Exception {
    String name = className("Leak", version);
    engine.apply(Manifest.builder().patch("PLUS", p -> p.target(name + "#plus").fix(FIX + "#plus", jar.toString(), sha))
        .build(), "m", dir, true);
    Class<?> kept = load(name, version);
    WeakReference<ClassLoader> discarded = callThroughAThrowawayLoader(name, version);
    for (int i = 0; i < 100 && discarded.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(discarded.get()).as("the discarded loader of the old class").isNull();
    assertThat(kept.getMethod("plus", int.class).invoke(kept.getConstructor().newInstance(), 1))
        .as("the patch, still in force").isEqualTo(101);
  }

  private static WeakReference<ClassLoader> callThroughAThrowawayLoader(String name, int version) throws Exception {
    Class<?> copy = load(name, version);
    assertThat(copy.getMethod("plus", int.class).invoke(copy.getConstructor().newInstance(), 1)).isEqualTo(101);
    return new WeakReference<>(copy.getClassLoader());
  }

  /** Guards the range the tests above cover: every class file version before 51 that a compiler wrote. */
  @Test
  void versions_coverJava1_1ToJava6() {
    assertThat(versions()).extracting(OldClassFiles::spelling)
        .containsExactly("45.3", "46.0", "47.0", "48.0", "49.0", "50.0");
  }
}
