package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.bootstrap.Dispatcher;
import dev.scalpel.dsl.Action;
import dev.scalpel.dsl.Constant;
import dev.scalpel.dsl.Governance;
import dev.scalpel.dsl.Mode;
import dev.scalpel.dsl.Patch;
import dev.scalpel.dsl.Rollout;
import dev.scalpel.dsl.Target;
import dev.scalpel.engine.fixtures.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transformer as a function of class bytes: what it adds, what it leaves, and how sites switch. */
final class ScalpelTransformerTest {

  private static final String SAMPLE = Sample.class.getName();

  private final List<String> errors = new ArrayList<>();
  private final SiteLinker linker = new SiteLinker();
  private final ScalpelTransformer transformer = new ScalpelTransformer(linker, errors::add);
  private final Reporter reporter = new Reporter() {
    @Override
    public void info(String message) {}

    @Override
    public void error(String message) {
      errors.add(message);
    }
  };

  @BeforeEach
  void installLinker() {
    Dispatcher.install(linker);
  }

  private static Patch returns(String id, String target, Constant.Kind kind, String text) {
    return new Patch(id, parseTarget(target), new Action.Returns(new Constant(kind, text)), Optional.empty(),
        Rollout.FULL, OptionalInt.empty(), Mode.ACTIVE, Governance.NONE);
  }

  private static Target parseTarget(String spec) {
    int hash = spec.indexOf('#');
    int paren = spec.indexOf('(');
    List<String> params = spec.substring(paren + 1, spec.length() - 1).isEmpty() ? List.of()
        : List.of(spec.substring(paren + 1, spec.length() - 1).split(",\\s*"));
    return new Target(spec.substring(0, hash), spec.substring(hash + 1, paren), Optional.of(params));
  }

  private static byte[] original() throws IOException {
    try (InputStream in = Sample.class.getResourceAsStream("Sample.class")) {
      return in.readAllBytes();
    }
  }

  private byte[] transform(PatchRuntime... patches) throws Exception {
    transformer.plan(Map.of(SAMPLE, List.of(patches)));
    List<ScalpelTransformer.Outcome> outcomes = new ArrayList<>();
    byte[][] out = new byte[1][];
    transformer.capturing(outcomes::add, () -> {
      try {
        out[0] = transformer.transform(getClass().getClassLoader(), SAMPLE.replace('.', '/'), null, null, original());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(outcomes).allMatch(ScalpelTransformer.Outcome::installed);
    assertThat(errors).isEmpty();
    return out[0];
  }

  private static Class<?> define(byte[] bytes) {
    return new ClassLoader(ScalpelTransformerTest.class.getClassLoader()) {
      Class<?> define() {
        return defineClass(SAMPLE, bytes, 0, bytes.length);
      }
    }.define();
  }

  private PatchRuntime runtime(Patch p) {
    return new PatchRuntime(p, null, reporter, true, new KillSwitch.Current());
  }

  @Test
  void transform_untargetedClass_isLeftAlone() throws Exception {
    transformer.plan(Map.of());
    assertThat(transformer.transform(null, SAMPLE.replace('.', '/'), null, null, original())).isNull();
  }

  @Test
  void transform_twoPatchesResolvingToOneMethod_installsTheFirstAndRefusesTheSecond() throws Exception {
    PatchRuntime first = runtime(returns("A", SAMPLE + "#answer(int)", Constant.Kind.INTEGER, "7"));
    PatchRuntime second = runtime(new Patch("B", new Target(SAMPLE, "answer", Optional.empty()),
        new Action.Returns(new Constant(Constant.Kind.INTEGER, "8")), Optional.empty(), Rollout.FULL, OptionalInt.empty(),
        Mode.ACTIVE, Governance.NONE));
    transformer.plan(Map.of(SAMPLE, List.of(first, second)));
    List<ScalpelTransformer.Outcome> outcomes = new ArrayList<>();
    transformer.capturing(outcomes::add, () -> {
      try {
        transformer.transform(getClass().getClassLoader(), SAMPLE.replace('.', '/'), null, null, original());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(outcomes).extracting(o -> o.patch().id(), ScalpelTransformer.Outcome::problem).containsExactly(
        org.assertj.core.groups.Tuple.tuple("A", null),
        org.assertj.core.groups.Tuple.tuple("B", "another patch of the manifest already targets answer(int) of " + SAMPLE));
  }

  @Test
  void transform_switchesBetweenActionAndOriginal() throws Exception {
    PatchRuntime answer = runtime(returns("A", SAMPLE + "#answer(int)", Constant.Kind.INTEGER, "7"));
    PatchRuntime twice = runtime(returns("T", SAMPLE + "#twice(long)", Constant.Kind.INTEGER, "-1"));
    PatchRuntime spin = runtime(returns("S", SAMPLE + "#spin(int)", Constant.Kind.INTEGER, "99"));
    Class<?> patched = define(transform(answer, twice, spin));
    Object sample = patched.getConstructor().newInstance();
    Method answerM = patched.getMethod("answer", int.class);
    Method twiceM = patched.getMethod("twice", long.class);
    Method spinM = patched.getMethod("spin", int.class);

    assertThat(answerM.invoke(sample, 2)).isEqualTo(42);
    assertThat(twiceM.invoke(null, 4L)).isEqualTo(8L);
    assertThat(spinM.invoke(null, 5)).isEqualTo(0);

    answer.switchTo(true);
    twice.switchTo(true);
    spin.switchTo(true);
    assertThat(answerM.invoke(sample, 2)).isEqualTo(7);
    assertThat(twiceM.invoke(null, 4L)).isEqualTo(-1L);
    assertThat(spinM.invoke(null, 5)).isEqualTo(99);

    answer.switchTo(false);
    assertThat(answerM.invoke(sample, 2)).isEqualTo(42);
    assertThat(twiceM.invoke(null, 4L)).isEqualTo(-1L);
    assertThat(answer.status().callsFixed()).isEqualTo(1L);
    assertThat(twice.status().callsFixed()).isEqualTo(2L);
    assertThat(twice.status().callsOriginal()).isZero();
  }

  @Test
  void retire_pointsEverySiteAtTheOriginal() throws Exception {
    PatchRuntime answer = runtime(returns("A", SAMPLE + "#answer(int)", Constant.Kind.INTEGER, "7"));
    Class<?> patched = define(transform(answer));
    Object sample = patched.getConstructor().newInstance();
    Method answerM = patched.getMethod("answer", int.class);
    answer.switchTo(true);
    assertThat(answerM.invoke(sample, 2)).isEqualTo(7);
    List<MutableCallSite> changed = new ArrayList<>();
    answer.retire(PatchRuntime.State.ROLLED_BACK, true, changed);
    assertThat(changed).as("the guard site, left to the caller's one sync").hasSize(1);
    PatchRuntime.sync(changed);
    assertThat(answerM.invoke(sample, 2)).isEqualTo(42);
    answer.switchTo(true);
    assertThat(answerM.invoke(sample, 2)).isEqualTo(42);
    assertThat(answer.status().state()).isEqualTo("rolled-back");
  }

  @Test
  void retire_behindATurnedOffKillSwitch_leavesTheSitesToRelease_andNeverSwitchesOnAgain() throws Exception {
    KillSwitch.Current killSwitch = new KillSwitch.Current();
    PatchRuntime answer = new PatchRuntime(returns("A", SAMPLE + "#answer(int)", Constant.Kind.INTEGER, "7"), null,
        reporter, true, killSwitch);
    Class<?> patched = define(transform(answer));
    Object sample = patched.getConstructor().newInstance();
    Method answerM = patched.getMethod("answer", int.class);
    answer.switchTo(true);
    assertThat(answerM.invoke(sample, 2)).isEqualTo(7);
    killSwitch.turnOff();
    List<MutableCallSite> changed = new ArrayList<>();
    answer.retire(PatchRuntime.State.ROLLED_BACK, false, changed);
    assertThat(changed).as("the kill switch already turned the guard: no site to change").isEmpty();
    assertThat(answerM.invoke(sample, 2)).isEqualTo(42);
    answer.switchTo(true);
    assertThat(answerM.invoke(sample, 2)).as("retired: the new switch does not bring it back").isEqualTo(42);
    answer.release();
    assertThat(answerM.invoke(sample, 2)).isEqualTo(42);
  }

  @Test
  void transform_skipOnVoid_returnsAtOnce() throws Exception {
    PatchRuntime touch = runtime(new Patch("V", parseTarget(SAMPLE + "#touch(java.lang.StringBuilder)"),
        new Action.Skip(), Optional.empty(), Rollout.FULL, OptionalInt.empty(), Mode.ACTIVE, Governance.NONE));
    Class<?> patched = define(transform(touch));
    Object sample = patched.getConstructor().newInstance();
    StringBuilder out = new StringBuilder();
    touch.switchTo(true);
    patched.getMethod("touch", StringBuilder.class).invoke(sample, out);
    assertThat(out).isEmpty();
  }

  /** Guards the surgical promise: only the targets change, and only by a prologue before their original body. */
  @Test
  void transform_isSurgical() throws Exception {
    byte[] before = original();
    byte[] after = transform(
        runtime(returns("A", SAMPLE + "#answer(int)", Constant.Kind.INTEGER, "7")),
        runtime(returns("S", SAMPLE + "#spin(int)", Constant.Kind.INTEGER, "1")));
    Bodies b = Bodies.of(before);
    Bodies a = Bodies.of(after);
    assertThat(a.structure).isEqualTo(b.structure);
    for (String method : b.methods.keySet()) {
      List<String> was = b.methods.get(method);
      List<String> now = a.methods.get(method);
      if (method.equals("answer(I)I") || method.equals("spin(I)I")) {
        int prologue = now.size() - was.size();
        assertThat(now.subList(0, prologue)).anyMatch(l -> l.startsWith("indy guard"));
        assertThat(Bodies.normalized(now.subList(prologue, now.size()))).isEqualTo(Bodies.normalized(was));
      } else {
        assertThat(now).as(method).isEqualTo(was);
      }
    }
  }
}
