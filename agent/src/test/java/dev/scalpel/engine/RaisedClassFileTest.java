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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transformer on class files before version 51, as a function of their bytes. */
final class RaisedClassFileTest {

  private static final String NAME = "dev.scalpel.engine.generated.Raised";

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

  private PatchRuntime twiceReturns7() {
    Patch p = new Patch("RAISED", new Target(NAME, "twice", Optional.of(List.of("int"))),
        new Action.Returns(new Constant(Constant.Kind.INTEGER, "7")), Optional.empty(), Rollout.FULL, OptionalInt.empty(),
        Mode.ACTIVE, Governance.NONE);
    return new PatchRuntime(p, null, reporter, true, new KillSwitch.Current());
  }

  private byte[] transform(byte[] classFile, List<ScalpelTransformer.Outcome> outcomes) {
    transformer.plan(Map.of(NAME, List.of(twiceReturns7())));
    byte[][] out = new byte[1][];
    outcomes.addAll(transformer.capturing(() -> {
      try {
        out[0] = transformer.transform(getClass().getClassLoader(), NAME.replace('.', '/'), null, null, classFile);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
    return out[0];
  }

  /** Guards the raise: version 51, the same structure, and a method without subroutines or branches unchanged. */
  @Test
  void transform_oldClass_isVersion51WithTheSameStructure() {
    byte[] original = OldClassFiles.generate(NAME, Opcodes.V1_3);
    List<ScalpelTransformer.Outcome> outcomes = new ArrayList<>();
    byte[] raised = transform(original, outcomes);

    assertThat(outcomes).allMatch(ScalpelTransformer.Outcome::installed);
    assertThat(errors).isEmpty();
    assertThat((raised[6] & 0xff) << 8 | raised[7] & 0xff).isEqualTo(51);
    List<String> before = Bodies.of(original).structure;
    List<String> after = Bodies.of(raised).structure;
    assertThat(after.get(0)).isEqualTo(before.get(0).replaceFirst("^class 47 ", "class 51 "));
    assertThat(after.subList(1, after.size())).isEqualTo(before.subList(1, before.size()));
    assertThat(Bodies.of(raised).methods.get("plus(I)I")).isEqualTo(Bodies.of(original).methods.get("plus(I)I"));
    assertThat(Bodies.of(raised).methods.get("trimmed(Ljava/lang/String;)Ljava/lang/String;"))
        .as("subroutines inlined").noneMatch(line -> line.startsWith("jump " + Opcodes.JSR + " ")
            || line.startsWith("var " + Opcodes.RET + " "));
    assertThat(Bodies.of(original).methods.get("trimmed(Ljava/lang/String;)Ljava/lang/String;"))
        .as("the original, for comparison").anyMatch(line -> line.startsWith("jump " + Opcodes.JSR + " "));
  }

  /** Guards the README's promise: a method that inlining grows past the JVM's 64 KB fails the patch, saying why. */
  @Test
  void transform_subroutinesInlinedPast64Kilobytes_failsThePatch() {
    List<ScalpelTransformer.Outcome> outcomes = new ArrayList<>();
    byte[] result = transform(withHugeSubroutine(), outcomes);

    assertThat(result).isNull();
    assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.problem())
        .startsWith("transformation error: ").contains("MethodTooLarge").contains("big"));
    assertThat(errors).singleElement().asString().startsWith("transformation of " + NAME + " failed: ");
  }

  // twice(int) as OldClassFiles writes it, and big(): three calls of a subroutine of 24,000 bytes.
  private static byte[] withHugeSubroutine() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V1_3, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, NAME.replace('.', '/'), null, "java/lang/Object", null);
    MethodVisitor twice = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "twice", "(I)I", null, null);
    twice.visitCode();
    twice.visitVarInsn(Opcodes.ILOAD, 0);
    twice.visitInsn(Opcodes.ICONST_2);
    twice.visitInsn(Opcodes.IMUL);
    twice.visitInsn(Opcodes.IRETURN);
    twice.visitMaxs(0, 0);
    twice.visitEnd();
    MethodVisitor big = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "big", "()I", null, null);
    Label subroutine = new Label();
    big.visitCode();
    big.visitInsn(Opcodes.ICONST_0);
    big.visitVarInsn(Opcodes.ISTORE, 0);
    for (int i = 0; i < 3; i++) {
      big.visitJumpInsn(Opcodes.JSR, subroutine);
    }
    big.visitVarInsn(Opcodes.ILOAD, 0);
    big.visitInsn(Opcodes.IRETURN);
    big.visitLabel(subroutine);
    big.visitVarInsn(Opcodes.ASTORE, 1);
    for (int i = 0; i < 8_000; i++) {
      big.visitIincInsn(0, 1);
    }
    big.visitVarInsn(Opcodes.RET, 1);
    big.visitMaxs(0, 0);
    big.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
