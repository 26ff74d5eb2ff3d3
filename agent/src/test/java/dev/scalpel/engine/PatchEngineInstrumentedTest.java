package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.dsl.Constant;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.Patch;
import dev.scalpel.engine.fixtures.Live;
import dev.scalpel.engine.fixtures.LoaderFix;
import dev.scalpel.engine.fixtures.Untouched;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against a real {@link Instrumentation} in this JVM: apply, rollback, release, and
 * switching under concurrent callers.
 */
final class PatchEngineInstrumentedTest {

  private static final String FIX = "dev.scalpel.engine.isolated.LoaderFix";
  /** How long a test calls System.gc() until a class loader it let go of is collected: a loaded 2-core machine. */
  private static final Duration GC_WAIT = Duration.ofSeconds(60);
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
    jar = TestEngine.renamedJar(dir.resolve("live-fix.jar"), LoaderFix.class, FIX);
    sha = PatchJars.sha256(jar);
  }

  @AfterEach
  void clear() throws Exception {
    engine.apply(Manifest.builder().build(), "empty", dir, true);
    assertThat(errors).isEmpty();
  }

  private Manifest manifest(String... methods) {
    var b = Manifest.builder();
    for (String m : methods) {
      b.patch("LIVE-" + m, p -> p.target(Live.class.getName() + "#" + m).fix(FIX + "#" + m, jar.toString(), sha));
    }
    return b.build();
  }

  /** Guards the rollback promise: after uninstall every method body is the original one again. */
  @Test
  void rollback_restoresOriginalBodies() throws Exception {
    Live live = new Live();
    byte[] before = TestEngine.currentClassFile(Live.class);
    engine.apply(manifest("answer"), "m", dir, true);
    assertThat(live.answer(1)).isEqualTo(101);
    Bodies patched = Bodies.of(TestEngine.currentClassFile(Live.class));
    assertThat(patched.methods.get("answer(I)I")).anyMatch(l -> l.startsWith("indy guard"));
    assertThat(patched.methods.get("other(I)I")).isEqualTo(Bodies.of(before).methods.get("other(I)I"));

    PatchEngine.Rollback rollback = engine.rollback(List.of("LIVE-answer"));
    assertThat(rollback.patches()).extracting(Patch::id).containsExactly("LIVE-answer");
    assertThat(rollback.classes()).isEqualTo(1);
    assertThat(engine.rollback(List.of("LIVE-answer")).patches()).as("already rolled back").isEmpty();
    assertThat(live.answer(1)).isEqualTo(2);
    Bodies after = Bodies.of(TestEngine.currentClassFile(Live.class));
    assertThat(after.structure).isEqualTo(Bodies.of(before).structure);
    assertThat(after.methods).isEqualTo(Bodies.of(before).methods);
    assertThat(engine.status()).extracting(PatchStatus::state).containsExactly("rolled-back");
  }

  /** Guards the kill switch: one patch's rollback leaves the others on; rolling back all turns them all off. */
  @Test
  void rollback_ofAll_turnsTheKillSwitchOff_whileOneOfTwoLeavesItOn() throws Exception {
    Live live = new Live();
    engine.apply(manifest("answer", "owner"), "m", dir, true);
    assertThat(live.answer(1)).isEqualTo(101);
    assertThat(live.owner()).isNotNull();

    engine.rollback(List.of("LIVE-owner"));
    assertThat(live.owner()).isNull();
    assertThat(live.answer(1)).as("the patch not rolled back").isEqualTo(101);

    assertThat(engine.rollbackAll().patches()).extracting(Patch::id).containsExactly("LIVE-answer");
    assertThat(live.answer(1)).isEqualTo(2);
    assertThat(live.owner()).isNull();

    engine.apply(manifest("answer", "owner"), "m", dir, true);
    assertThat(live.answer(1)).as("revived behind a new switch").isEqualTo(101);
    assertThat(live.owner()).isNotNull();
  }

  @Test
  void rollback_unknownId_changesNothing() throws Exception {
    Live live = new Live();
    engine.apply(manifest("answer"), "m", dir, true);
    assertThatThrownBy(() -> engine.rollback(List.of("LIVE-answer", "NOPE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no patch [NOPE] in the running manifest; its patches are [LIVE-answer]");
    assertThat(live.answer(1)).isEqualTo(101);
  }

  /**
   * Guards against a leak in application servers: a class loader that the application discards
   * (a redeploy) can be collected while a patch of one of its classes stays in force.
   */
  @Test
  void activePatch_doesNotKeepADiscardedTargetLoaderAlive() throws Exception {
    engine.apply(manifest("owner"), "m", dir, true);
    WeakReference<ClassLoader> discarded = callThroughAThrowawayLoader(false);
    assertCollected(discarded);
    assertThat(new Live().owner()).as("the patch, still in force").isNotNull();
  }

  /** The same with a {@code when} guard, whose exceptions the guard catches. */
  @Test
  void activePatchWithWhen_doesNotKeepADiscardedTargetLoaderAlive() throws Exception {
    engine.apply(Manifest.builder().patch("LIVE-answer", p -> p.target(Live.class.getName() + "#answer")
        .fix(FIX + "#answer", jar.toString(), sha).when(FIX + "#nonNegative")).build(), "m", dir, true);
    WeakReference<ClassLoader> discarded = callThroughAThrowawayLoader(true);
    assertCollected(discarded);
    assertThat(new Live().answer(1)).as("the patch, still in force").isEqualTo(101);
  }

  private static void assertCollected(WeakReference<ClassLoader> discarded) throws InterruptedException {
    long deadline = System.nanoTime() + GC_WAIT.toNanos();
    while (discarded.get() != null && System.nanoTime() - deadline < 0) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(discarded.get()).as("the discarded target loader, collected within %s of System.gc() calls", GC_WAIT)
        .isNull();
  }

  /**
   * Defines {@link Live} in a loader of its own, calls its patched method ({@code answer(1)}, or
   * {@code owner()}), and lets go of both.
   */
  private static WeakReference<ClassLoader> callThroughAThrowawayLoader(boolean answer) throws Exception {
    String name = Live.class.getName();
    byte[] bytes;
    try (var in = Live.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
      bytes = in.readAllBytes();
    }
    ClassLoader throwaway = new ClassLoader("throwaway", PatchEngineInstrumentedTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
        if (!className.equals(name)) {
          return super.loadClass(className, resolve);
        }
        synchronized (getClassLoadingLock(className)) {
          Class<?> c = findLoadedClass(className);
          return c != null ? c : defineClass(className, bytes, 0, bytes.length);
        }
      }
    };
    Class<?> copy = throwaway.loadClass(name);
    Object instance = copy.getConstructor().newInstance();
    if (answer) {
      assertThat(copy.getMethod("answer", int.class).invoke(instance, 1)).as("the fix's answer").isEqualTo(101);
    } else {
      Object owner = copy.getMethod("owner").invoke(instance);
      assertThat(owner).as("the fix's loader, its parent the throwaway loader").isInstanceOf(ClassLoader.class);
      assertThat(((ClassLoader) owner).getParent()).isSameAs(throwaway);
    }
    return new WeakReference<>(throwaway);
  }

  /** Guards the release step: a rolled-back fix's class loader can be collected, over many cycles. */
  @Test
  void rollback_releasesTheFixLoader_over200Cycles() throws Exception {
    Live live = new Live();
    List<WeakReference<Object>> loaders = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      engine.apply(manifest("owner"), "m", dir, true);
      Object loader = live.owner();
      assertThat(loader).isInstanceOf(FixJar.FixClassLoader.class);
      loaders.add(new WeakReference<>(loader));
      engine.rollback(List.of("LIVE-owner"));
      assertThat(live.owner()).isNull();
    }
    engine.apply(Manifest.builder().build(), "empty", dir, true);
    long deadline = System.nanoTime() + GC_WAIT.toNanos();
    while (loaders.stream().anyMatch(r -> r.get() != null) && System.nanoTime() - deadline < 0) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(loaders).as("the 200 fix loaders, collected within %s of System.gc() calls", GC_WAIT)
        .allMatch(r -> r.get() == null);
  }

  /** Guards switching under load: 1,000 flips under 8 callers, every call old or new, counters exact. */
  @Test
  void switch_flippedUnderEightCallers_staysConsistent() throws Exception {
    Live live = new Live();
    engine.apply(manifest("answer"), "m", dir, true);
    PatchRuntime runtime = engine.runtime("LIVE-answer");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong fixed = new AtomicLong();
    AtomicLong original = new AtomicLong();
    AtomicLong wrong = new AtomicLong();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(8);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread caller = new Thread(() -> {
        started.countDown();
        long f = 0;
        long o = 0;
        long w = 0;
        try {
          while (!stop.get()) {
            int r = live.answer(1);
            if (r == 101) {
              f++;
            } else if (r == 2) {
              o++;
            } else {
              w++;
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
        fixed.addAndGet(f);
        original.addAndGet(o);
        wrong.addAndGet(w);
      });
      callers.add(caller);
      caller.start();
    }
    started.await();
    // The fix's path must be seen under load at least once, however the flips below interleave.
    runtime.switchTo(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (engine.status().get(0).callsFixed() == 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(1);
    }
    for (int i = 0; i < 1000; i++) {
      runtime.switchTo(i % 2 == 0);
      Thread.yield();
    }
    runtime.switchTo(false);
    stop.set(true);
    for (Thread c : callers) {
      c.join();
    }
    assertThat(failures).isEmpty();
    assertThat(wrong.get()).isZero();
    assertThat(fixed.get()).as("calls that took the fix while it was switched on (waited up to 60 s for one)").isPositive();
    assertThat(original.get()).isPositive();
    PatchStatus status = engine.status().get(0);
    assertThat(status.callsFixed()).isEqualTo(fixed.get());
    assertThat(status.errorsFixed()).isZero();
  }

  @Test
  void rollout_stickyByArgument_takesExactlyTheKeysInItsBuckets() throws Exception {
    Live live = new Live();
    engine.apply(Manifest.builder().patch("STICKY", p -> p.target(Live.class.getName() + "#answer")
        .fix(FIX + "#answer", jar.toString(), sha).rollout("25%").stickyBy(0)).build(), "m", dir, true);
    int taken = 0;
    for (int x = 0; x < 1000; x++) {
      boolean expected = Rollouts.bucket("STICKY", Integer.toString(x)) <= 25;
      assertThat(live.answer(x)).as("x=" + x).isEqualTo(expected ? x + 100 : x + 1);
      taken += expected ? 1 : 0;
    }
    assertThat(taken).isPositive();
    assertThat(engine.status().get(0).callsFixed()).isEqualTo(taken);
    assertThat(engine.status().get(0).callsOriginal()).isEqualTo(1000 - taken);
  }

  /** Guards that an exception from a guard never reaches the caller: the original code runs instead. */
  @Test
  void when_throwingGuard_runsTheOriginal() throws Exception {
    Live live = new Live();
    engine.apply(Manifest.builder().patch("GUARDED", p -> p.target(Live.class.getName() + "#answer")
        .fix(FIX + "#answer", jar.toString(), sha).when(FIX + "#nonNegative")).build(), "m", dir, true);
    assertThat(live.answer(-5)).isEqualTo(-4);
    assertThat(live.answer(1)).isEqualTo(101);
    PatchStatus status = engine.status().get(0);
    assertThat(status.errorsGuard()).isEqualTo(1L);
    assertThat(status.callsFixed()).isEqualTo(1L);
    assertThat(status.callsOriginal()).isEqualTo(1L);
  }

  /** Guards shadow mode: the caller always gets the original's outcome; the fix is only compared. */
  @Test
  void shadow_comparesWithoutTouchingTheCaller() throws Exception {
    Live live = new Live();
    engine.apply(Manifest.builder().patch("SHADOW", p -> p.target(Live.class.getName() + "#answer")
        .fix(FIX + "#answerAlmost", jar.toString(), sha).mode(dev.scalpel.dsl.Mode.SHADOW)).build(), "m", dir, true);
    for (int x = 0; x < 20; x++) {
      assertThat(live.answer(x)).isEqualTo(x + 1);
    }
    PatchStatus status = engine.status().get(0);
    assertThat(status.state()).isEqualTo("shadow");
    assertThat(status.shadow().matches()).isEqualTo(18);
    assertThat(status.shadow().mismatches()).isEqualTo(2);
    assertThat(status.shadow().samples()).containsExactly(
        "args=[" + live + ", 7] original=8 fix=-1",
        "args=[" + live + ", 13] original=14 fix=threw java.lang.IllegalStateException");
  }

  @Test
  void apply_failingManifest_leavesRunningPatches() throws Exception {
    Live live = new Live();
    engine.apply(manifest("answer"), "m", dir, true);
    Manifest broken = Manifest.builder()
        .patch("LIVE-answer", p -> p.target(Live.class.getName() + "#answer").fix(FIX + "#answer", jar.toString(), sha))
        .patch("BAD", p -> p.target(Live.class.getName() + "#other").fix(FIX + "#nothing", jar.toString(), sha))
        .build();
    assertThatThrownBy(() -> engine.apply(broken, "broken.yaml", dir, true))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("patch 'BAD': fix " + FIX + "#nothing does not fit target");
    assertThat(live.answer(1)).isEqualTo(101);
    assertThat(live.other(1)).isEqualTo(2);
    assertThat(engine.status()).extracting(PatchStatus::id).containsExactly("LIVE-answer");
  }

  /**
   * Guards the README's "checking loads and initializes nothing": a patch on a class that is not
   * loaded yet is checked against its class file, whether the check passes (the patch waits as
   * {@code pending}) or fails (the manifest is rejected), and the class stays unloaded.
   */
  @Test
  void check_targetNotLoaded_loadsAndInitializesNothing() throws Exception {
    String target = "dev.scalpel.engine.fixtures.Untouched";
    Manifest fits = Manifest.builder().patch("UNTOUCHED", p -> p.target(target + "#answer(int)")
        .returns(new Constant(Constant.Kind.INTEGER, "7"))).build();
    Manifest misfit = Manifest.builder().patch("UNTOUCHED", p -> p.target(target + "#answer(int)")
        .returns(new Constant(Constant.Kind.STRING, "seven"))).build();

    engine.apply(fits, "fits.yaml", dir, true);
    assertThat(engine.status()).extracting(PatchStatus::state).containsExactly("pending");
    assertThatThrownBy(() -> engine.apply(misfit, "misfit.yaml", dir, true))
        .isInstanceOf(ApplyException.class).hasMessageContaining("patch 'UNTOUCHED'");

    assertThat(Arrays.stream(instrumentation.getAllLoadedClasses()).map(c -> c.getName())).doesNotContain(target);
    assertThat(System.getProperty(Untouched.INITIALIZED)).as("set by the target's static initializer").isNull();
  }

  @Test
  void fixClass_isNotOnTheTestClassPath() throws Exception {
    // As in production, the fix class exists only in its jar: nothing but its fix loader defines it.
    assertThat(ClassFileLocator.ForClassLoader.ofSystemLoader().locate(FIX).isResolved()).isFalse();
  }
}
