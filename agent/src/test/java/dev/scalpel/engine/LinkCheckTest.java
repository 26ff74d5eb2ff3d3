package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.dsl.Action;
import dev.scalpel.dsl.Constant;
import dev.scalpel.dsl.Governance;
import dev.scalpel.dsl.MethodRef;
import dev.scalpel.dsl.Mode;
import dev.scalpel.dsl.Patch;
import dev.scalpel.dsl.Rollout;
import dev.scalpel.dsl.Target;
import dev.scalpel.engine.fixtures.Sample;
import dev.scalpel.engine.fixtures.SampleFixes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LinkCheckTest {

  private static final String SAMPLE = Sample.class.getName();
  private static final String FIXES = SampleFixes.class.getName();
  private static final ClassShapes CLASSES = new ClassShapes(ClassFiles.of(ClassLoader.getSystemClassLoader()));
  private static final ClassShape TYPE = CLASSES.find(SAMPLE);

  @TempDir
  Path dir;
  private FixJar jar;

  @BeforeEach
  void jar() throws Exception {
    Path file = PatchJars.of(dir.resolve("fix.jar"), SampleFixes.class);
    jar = FixJar.load(file, PatchJars.sha256(file));
  }

  private static Patch patch(String target, Action action, Optional<MethodRef> when) {
    return new Patch("P", new Target(SAMPLE, target.substring(0, target.indexOf('(')),
        Optional.of(target.endsWith("()") ? List.of()
            : List.of(target.substring(target.indexOf('(') + 1, target.length() - 1).split(", ")))),
        action, when, Rollout.FULL, OptionalInt.empty(), Mode.ACTIVE, Governance.NONE);
  }

  private static Action fix(String method) {
    return new Action.Fix(new MethodRef(FIXES, method), "fix.jar", "0".repeat(64));
  }

  private List<String> check(Patch p) {
    FixJar used = p.action() instanceof Action.Fix || p.when().isPresent() ? jar : null;
    return LinkCheck.check(p, used, TYPE, new CheckCache().withJar(used, CLASSES));
  }

  @Test
  void check_fittingFixes_pass() {
    assertThat(check(patch("answer(int)", fix("answer"), Optional.empty()))).isEmpty();
    assertThat(check(patch("answer(int)", fix("answerWide"), Optional.of(new MethodRef(FIXES, "even"))))).isEmpty();
    assertThat(check(patch("touch(java.lang.StringBuilder)", new Action.Skip(), Optional.empty()))).isEmpty();
    assertThat(check(patch("answer(int)", new Action.Throws("java.lang.IllegalStateException", Optional.of("no")),
        Optional.empty()))).isEmpty();
  }

  @Test
  void check_problems_sayWhatToWrite() {
    assertThat(check(patch("answer(int)", fix("answerWrong"), Optional.empty()))).containsExactly(
        "fix " + FIXES + "#answerWrong does not fit target " + SAMPLE + "#answer(int): write static int answerWrong("
            + SAMPLE + ", int); found [static answerWrong(" + SAMPLE + ", long)]");
    assertThat(check(patch("answer(long)", fix("answer"), Optional.empty()))).containsExactly(
        "class " + SAMPLE + " has no method answer(long); it has [answer(int)]");
    assertThat(check(patch("answer(int)", new Action.Skip(), Optional.empty()))).containsExactly(
        "skip: true fits only void methods, and answer(int) returns int: use returns or throws instead");
    assertThat(check(patch("answer(int)", new Action.Returns(new Constant(Constant.Kind.STRING, "x")), Optional.empty())))
        .containsExactly("returns 'x' does not fit return type int: a string fits java.lang.String (or char, if one character long)");
    assertThat(check(patch("answer(int)", new Action.Throws("java.lang.String", Optional.empty()), Optional.empty())))
        .containsExactly("throws java.lang.String: not a java.lang.Throwable");
    assertThat(check(patch("answer(int)", new Action.Throws("com.example.Nope", Optional.empty()), Optional.empty())))
        .containsExactly("throws com.example.Nope: no such class is visible to the target's class loader");
    assertThat(check(patch("answer(int)", new Action.Fix(new MethodRef("com.example.Fix", "f"), "fix.jar", "0".repeat(64)),
        Optional.empty()))).containsExactly("fix class com.example.Fix is not in the patch jar fix.jar");
  }
}
