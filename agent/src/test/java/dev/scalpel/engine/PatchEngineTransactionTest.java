package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.api.Original;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Mode;
import dev.scalpel.engine.fixtures.Gate;
import dev.scalpel.engine.fixtures.Live;
import dev.scalpel.engine.fixtures.LoaderFix;
import dev.scalpel.engine.fixtures.OriginalFix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apply as a transaction (stage, then commit or undo) and the engine's promises under races:
 * a class that loads while an apply is checked, a changed patch under callers, a link that throws
 * an {@link Error}, an action first reached after a rollback; each against a real
 * {@link java.lang.instrument.Instrumentation} in this JVM.
 */
final class PatchEngineTransactionTest {

  private static final String FIX = "dev.scalpel.engine.isolated.TxFix";
  private static final String ORIGINAL_FIX = "dev.scalpel.engine.isolated.TxOriginalFix";
  private static final String LIVE = Live.class.getName();

  private final PatchEngine engine = TestEngine.engine();
  @TempDir
  Path dir;
  private String jar;
  private String sha;

  @BeforeEach
  void fixJar() throws Exception {
    Path file = TestEngine.renamedJar(dir.resolve("tx-fix.jar"), LoaderFix.class, FIX);
    jar = file.toString();
    sha = PatchJars.sha256(file);
    TestEngine.ACTIVATIONS.clear();
    TestEngine.FAILURES.clear();
  }

  @AfterEach
  void clear() throws Exception {
    engine.apply(Manifest.builder().build(), "empty", dir, true);
    assertThat(TestEngine.ERRORS).isEmpty();
  }

  private Manifest answer(String reason) {
    return Manifest.builder().patch("TX-answer", p -> p.target(LIVE + "#answer").fix(FIX + "#answer", jar, sha)
        .reason(reason)).build();
  }

  /**
   * Regression: a copy of the target class that loads while the apply checks the manifest (a
   * redeploy) is patched too; it used to keep running its original code while status said active.
   */
  @Test
  void stage_classLoadedWhileChecking_isPatched() throws Exception {
    AtomicReference<Class<?>> redeployed = new AtomicReference<>();
    CopyLoader first = new CopyLoader("first", () -> {
      if (redeployed.get() == null) {
        redeployed.set(new CopyLoader("second", () -> { }).copy());
      }
    });
    first.copy();
    engine.apply(answer("r"), "m", dir, true);
    assertThat(redeployed.get()).as("a copy loaded while the apply checked its patch").isNotNull();
    assertThat(answerOf(redeployed.get(), 1)).as("the copy loaded meanwhile, patched").isEqualTo(101);
    assertThat(answerOf(first.copy(), 1)).isEqualTo(101);
    assertThat(new Live().answer(1)).isEqualTo(101);
  }

  /**
   * Regression: re-applying a patch with only its {@code reason} edited, under four callers, never
   * lets a call run the original code; the new version used to be inert until the switch.
   */
  @Test
  void reapply_changedReasonUnderFourCallers_neverRunsTheOriginal() throws Exception {
    Live live = new Live();
    engine.apply(answer("edit 0"), "m", dir, true);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong fixed = new AtomicLong();
    AtomicLong original = new AtomicLong();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      running.add(callers.submit(() -> {
        while (!stop.get()) {
          (live.answer(1) == 101 ? fixed : original).incrementAndGet();
        }
      }));
    }
    try {
      for (int i = 1; i <= 20; i++) {
        engine.apply(answer("edit " + i), "m", dir, true);
      }
    } finally {
      stop.set(true);
      callers.shutdown();
    }
    for (Future<?> f : running) {
      f.get(1, TimeUnit.MINUTES);
    }
    assertThat(original.get()).as("calls answered by the original code (fixed: %d)", fixed.get()).isZero();
    assertThat(fixed.get()).isPositive();
    assertThat(engine.status()).extracting(PatchStatus::state).containsExactly("active");
  }

  /** Undo after stage: a new patch never switched on, its sites forgotten (no jar kept for a reverted apply). */
  @Test
  void undo_newPatch_leavesNothingBehind() throws Exception {
    Live live = new Live();
    StagedApply staged = engine.stage(answer("r"), "m", dir, true);
    assertThat(staged.applied()).extracting(ApplyReport.Applied::state).containsExactly("active");
    assertThat(live.answer(1)).as("staged, not switched").isEqualTo(2);
    PatchRuntime staging = stagedRuntime(staged, "TX-answer");
    staged.undo();
    assertThat(live.answer(1)).isEqualTo(2);
    assertThat(engine.status()).isEmpty();
    assertThat(engine.linkerKnows(staging)).as("the reverted patch's sites").isFalse();
    assertThatThrownBy(staged::commit).isInstanceOf(IllegalStateException.class)
        .hasMessage("the apply of m was already committed or undone");
  }

  /** Undo of a changed patch whose old version was active: the old version answers again, never the original. */
  @Test
  void undo_changedActivePatch_bringsTheOldVersionBack() throws Exception {
    Live live = new Live();
    engine.apply(answer("old"), "m", dir, true);
    StagedApply staged = engine.stage(answer("new"), "m2", dir, true);
    assertThat(live.answer(1)).as("the new version, live as it links").isEqualTo(101);
    assertThatThrownBy(() -> engine.rollbackAll()).isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot roll back while an apply of m2 is staged; commit or undo it first");
    staged.undo();
    assertThat(live.answer(1)).isEqualTo(101);
    assertThat(engine.manifest().patches().get(0).governance().reason()).contains("old");
    assertThat(engine.status()).extracting(PatchStatus::state).containsExactly("active");
  }

  /**
   * Regression: an {@link Error} thrown while a site links (here a class loader's) fails the patch
   * and reports it; it used to be swallowed, the patch still {@code active}.
   */
  @Test
  void link_errorWhileLinking_failsThePatch() throws Exception {
    CopyLoader loader = new CopyLoader("erring", () -> { });
    Class<?> copy = loader.copy();
    engine.apply(answer("r"), "m", dir, true);
    loader.failLoadingLive = true;
    assertThat(answerOf(copy, 1)).as("the original code").isEqualTo(2);
    assertThat(engine.status()).extracting(PatchStatus::state).containsExactly("failed");
    assertThat(TestEngine.FAILURES).singleElement().asString()
        .startsWith("TX-answer: cannot link for " + LIVE + ": java.lang.StackOverflowError: simulated");
    assertThat(new Live().answer(1)).as("every guard of the failed patch is off").isEqualTo(2);
  }

  /**
   * Regression: a call that passed the guard just before a rollback and reaches the action for the
   * first time after it runs the original code; it used to answer 0.
   */
  @Test
  void action_firstReachedAfterRollback_runsTheOriginal() throws Exception {
    Live live = new Live();
    Gate.reset();
    engine.apply(Manifest.builder().patch("TX-answer", p -> p.target(LIVE + "#answer").fix(FIX + "#answer", jar, sha)
        .when(FIX + "#waitingAtKey")).build(), "m", dir, true);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> held = caller.submit(() -> live.answer(Gate.KEY));
      assertThat(Gate.awaitArrival()).as("the call reached its guard").isTrue();
      engine.rollback(List.of("TX-answer"));
      Gate.open();
      assertThat(held.get(1, TimeUnit.MINUTES)).isEqualTo(Gate.KEY + 1);
    } finally {
      Gate.open();
      caller.shutdown();
    }
  }

  /**
   * Regression: inside {@code Original.call}, the first patched method entered runs its original
   * body even when its {@code when} says no, and the deeper patched call is patched; the bypass
   * used to survive the {@code when} and unpatch the deeper call.
   */
  @Test
  void originalCall_whenSaysNo_stillConsumesTheBypass() throws Exception {
    Path file = TestEngine.renamedJar(dir.resolve("original-fix.jar"), OriginalFix.class, ORIGINAL_FIX);
    String originalJar = file.toString();
    String originalSha = PatchJars.sha256(file);
    engine.apply(Manifest.builder()
        .patch("TX-outer", p -> p.target(LIVE + "#outer").fix(ORIGINAL_FIX + "#outer", originalJar, originalSha)
            .when(ORIGINAL_FIX + "#never"))
        .patch("TX-answer", p -> p.target(LIVE + "#answer").fix(ORIGINAL_FIX + "#answer", originalJar, originalSha))
        .build(), "m", dir, true);
    Live live = new Live();
    assertThat(Original.call(() -> live.outer(1))).as("outer's original body, then the patched answer").isEqualTo(101);
    assertThat(live.answer(1)).isEqualTo(101);
  }

  /**
   * Regression: in shadow mode each call counts once (the fix's run in {@code calls.fixed}) and
   * {@code errors.fixed} counts the fix's exceptions; the original's own call counted again, and
   * the original's exceptions were counted as the fix's.
   */
  @Test
  void shadow_countsEachCallOnceAndTheFixsErrors() throws Exception {
    Live live = new Live();
    engine.apply(Manifest.builder().patch("TX-shadow", p -> p.target(LIVE + "#answer")
        .fix(FIX + "#answerAlmost", jar, sha).mode(Mode.SHADOW)).build(), "m", dir, true);
    for (int x = 0; x < 20; x++) {
      assertThat(live.answer(x)).isEqualTo(x + 1);
    }
    PatchStatus status = engine.status().get(0);
    assertThat(status.callsFixed()).as("calls the fix ran on in the shadow").isEqualTo(20);
    assertThat(status.callsOriginal()).isZero();
    assertThat(status.errorsFixed()).as("the fix threw for 13").isEqualTo(1);
  }

  /**
   * Regression: two unnamed class loaders of one class that each load the target are two
   * activations, each reported; the second used to collapse into the first.
   */
  @Test
  void redeploy_twoUnnamedLoadersOfOneClass_eachReported() throws Exception {
    engine.apply(answer("r"), "m", dir, true);
    Class<?> one = new CopyLoader(null, () -> { }).copy();
    Class<?> two = new CopyLoader(null, () -> { }).copy();
    assertThat(answerOf(one, 1)).isEqualTo(101);
    assertThat(answerOf(two, 1)).isEqualTo(101);
    assertThat(TestEngine.ACTIVATIONS).hasSize(2).allMatch(a -> a.startsWith("TX-answer active " + LIVE + " in loader "
        + CopyLoader.class.getName() + "@"));
    assertThat(TestEngine.ACTIVATIONS.get(0)).isNotEqualTo(TestEngine.ACTIVATIONS.get(1));
  }

  /** Regression: a shadow patch's class that loads after the apply is reported as {@code shadow}, not {@code active}. */
  @Test
  void shadow_classLoadedLater_reportedAsShadow() throws Exception {
    engine.apply(Manifest.builder().patch("TX-shadow", p -> p.target(LIVE + "#answer")
        .fix(FIX + "#answerAlmost", jar, sha).mode(Mode.SHADOW)).build(), "m", dir, true);
    new CopyLoader("late", () -> { }).copy();
    assertThat(TestEngine.ACTIVATIONS).singleElement().asString().startsWith("TX-shadow shadow " + LIVE + " in loader late");
  }

  private PatchRuntime stagedRuntime(StagedApply staged, String id) {
    return staged.coming().get(id);
  }

  private static int answerOf(Class<?> copy, int x) throws Exception {
    return (int) copy.getMethod("answer", int.class).invoke(copy.getConstructor().newInstance(), x);
  }

  /**
   * Defines its own copy of {@link Live}, as an application server's loader of a redeployed
   * application does; runs {@code onRead} whenever the copy's class file is read through it (the
   * engine reads it to check a patch), and can be told to fail loading {@code Live} for others.
   */
  private static final class CopyLoader extends ClassLoader {
    private final Runnable onRead;
    volatile boolean failLoadingLive;

    CopyLoader(String name, Runnable onRead) {
      super(name, PatchEngineTransactionTest.class.getClassLoader());
      this.onRead = onRead;
    }

    Class<?> copy() {
      try {
        return loadClass(LIVE);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("cannot copy " + LIVE, e);
      }
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
      if (!className.equals(LIVE)) {
        return super.loadClass(className, resolve);
      }
      if (failLoadingLive) {
        throw new StackOverflowError("simulated");
      }
      synchronized (getClassLoadingLock(className)) {
        Class<?> c = findLoadedClass(className);
        if (c != null) {
          return c;
        }
        byte[] bytes;
        try (InputStream in = getParent().getResourceAsStream(LIVE.replace('.', '/') + ".class")) {
          bytes = in.readAllBytes();
        } catch (IOException e) {
          throw new ClassNotFoundException(className, e);
        }
        return defineClass(className, bytes, 0, bytes.length);
      }
    }

    @Override
    public InputStream getResourceAsStream(String resource) {
      if (resource.equals(LIVE.replace('.', '/') + ".class")) {
        onRead.run();
      }
      return super.getResourceAsStream(resource);
    }
  }
}
