package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.bytebuddy.jar.asm.Opcodes;
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
    outcomes.addAll(transformer.capturing(() -> {
      try {
        out[0] = transformer.transform(getClass().getClassLoader(), SAMPLE.replace('.', '/'), null, null, original());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
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
    outcomes.addAll(transformer.capturing(() -> {
      try {
        transformer.transform(getClass().getClassLoader(), SAMPLE.replace('.', '/'), null, null, original());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
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

  /**
   * Guards the surgical promise: only the targets change, and only by a prologue before their
   * original body and, for a patch that counts, the handler after it that counts the original's
   * exceptions, the last entry of the exception table.
   */
  @Test
  void transform_isSurgical() throws Exception {
    for (boolean counting : new boolean[] {true, false}) {
      byte[] before = original();
      byte[] after = transform(
          new PatchRuntime(returns("A", SAMPLE + "#answer(int)", Constant.Kind.INTEGER, "7"), null, reporter, counting,
              new KillSwitch.Current()),
          new PatchRuntime(returns("S", SAMPLE + "#spin(int)", Constant.Kind.INTEGER, "1"), null, reporter, counting,
              new KillSwitch.Current()),
          new PatchRuntime(returns("C", SAMPLE + "#checked(int)", Constant.Kind.INTEGER, "1"), null, reporter, counting,
              new KillSwitch.Current()));
      Bodies b = Bodies.of(before);
      Bodies a = Bodies.of(after);
      assertThat(a.structure).isEqualTo(b.structure);
      for (String method : b.methods.keySet()) {
        List<String> was = b.methods.get(method);
        List<String> now = a.methods.get(method);
        if (method.equals("answer(I)I") || method.equals("spin(I)I") || method.equals("checked(I)I")) {
          assertThat(withoutHandler(now, was, counting)).as(method).isEqualTo(Bodies.normalized(was));
        } else {
          assertThat(now).as(method).isEqualTo(was);
        }
      }
    }
  }

  // The original body out of a patched one: the prologue and, if counting, the handler taken off,
  // after checking that they are what they must be.
  private static List<String> withoutHandler(List<String> now, List<String> was, boolean counting) {
    List<String> body = new ArrayList<>(now);
    int tries = (int) was.stream().filter(l -> l.startsWith("try ")).count();
    if (counting) {
      assertThat(body.get(tries)).as("the handler's entry, after the body's own").startsWith("try ")
          .endsWith(" java/lang/Throwable");
      body.remove(tries);
      // After the body's last instruction, at the offset of the label that ends its local variables.
      int indy = body.indexOf(body.stream().filter(l -> l.startsWith("indy " + Dispatcher.THROWN + "(")).findFirst()
          .orElseThrow());
      assertThat(body.subList(indy - 2, indy + 2)).startsWith(body.get(indy - 2), "insn " + Opcodes.DUP,
          body.get(indy), "insn " + Opcodes.ATHROW);
      assertThat(body.get(indy - 2)).startsWith("label ");
      assertThat(body.get(indy)).startsWith("indy " + Dispatcher.THROWN + "(Ljava/lang/Throwable;)V ");
      assertThat(body.subList(indy + 2, body.size())).allMatch(l -> l.startsWith("local "));
      body.subList(indy - 1, indy + 2).clear();
    } else {
      assertThat(body).noneMatch(l -> l.contains(Dispatcher.THROWN + "("));
    }
    int prologue = body.size() - was.size();
    assertThat(body.subList(tries, tries + prologue)).anyMatch(l -> l.startsWith("indy guard"));
    body.subList(tries, tries + prologue).clear();
    return Bodies.normalized(body);
  }

  /**
   * The original's exceptions, on the calls the guard sent to it, are counted exactly and reach
   * the caller as they were; the body's own handler still catches its own exception first.
   */
  @Test
  void transform_countingPatch_countsTheOriginalsExceptions() throws Exception {
    PatchRuntime checked = runtime(new Patch("C", parseTarget(SAMPLE + "#checked(int)"),
        new Action.Returns(new Constant(Constant.Kind.INTEGER, "7")), Optional.empty(), new Rollout(0),
        OptionalInt.empty(), Mode.ACTIVE, Governance.NONE));
    Class<?> patched = define(transform(checked));
    Method checkedM = patched.getMethod("checked", int.class);
    checked.switchTo(true);

    for (int n = -1; n >= -5; n--) {
      int arg = n;
      assertThatThrownBy(() -> checkedM.invoke(null, arg)).isInstanceOf(InvocationTargetException.class)
          .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("negative " + n);
    }
    assertThat(checkedM.invoke(null, 0)).as("the body's own handler").isEqualTo(-1);
    assertThat(checkedM.invoke(null, 3)).isEqualTo(3);
    assertThat(checked.status().callsOriginal()).isEqualTo(7L);
    assertThat(checked.status().errorsOriginal()).isEqualTo(5L);

    checked.switchTo(false);
    assertThatThrownBy(() -> checkedM.invoke(null, -9)).cause().isInstanceOf(IllegalArgumentException.class);
    assertThat(checked.status().errorsOriginal()).as("switched off: neither the call nor its exception counts")
        .isEqualTo(5L);
    assertThat(checked.status().callsOriginal()).isEqualTo(7L);
  }

  /** Without counters, the prologue has no handler, and the original's exceptions are not counted. */
  @Test
  void transform_patchWithoutCounters_addsNoHandler() throws Exception {
    PatchRuntime checked = new PatchRuntime(new Patch("C", parseTarget(SAMPLE + "#checked(int)"),
        new Action.Returns(new Constant(Constant.Kind.INTEGER, "7")), Optional.empty(), new Rollout(0),
        OptionalInt.empty(), Mode.ACTIVE, Governance.NONE), null, reporter, false, new KillSwitch.Current());
    byte[] bytes = transform(checked);
    assertThat(Bodies.of(bytes).methods.get("checked(I)I")).noneMatch(l -> l.startsWith("indy " + Dispatcher.THROWN));
    Method checkedM = define(bytes).getMethod("checked", int.class);
    checked.switchTo(true);
    assertThatThrownBy(() -> checkedM.invoke(null, -1)).cause().isInstanceOf(IllegalArgumentException.class);
    assertThat(checked.status().errorsOriginal()).isNull();
  }
}
