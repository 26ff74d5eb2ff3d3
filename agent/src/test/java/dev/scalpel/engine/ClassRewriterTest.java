package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.fixtures.Sample;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Running a transformer again over loaded classes: innermost by redefinition, else outermost. */
final class ClassRewriterTest {

  private static Instrumentation instrumentation;
  private final List<String> seen = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private ClassRewriter rewriter;

  @BeforeAll
  static void install() {
    instrumentation = ByteBuddyAgent.install();
  }

  @AfterEach
  void unregister() {
    if (rewriter != null) {
      rewriter.unregister();
    }
  }

  private ClassRewriter rewriter(String watched) {
    ClassFileTransformer recording = new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
          byte[] classFile) {
        if (name != null && name.equals(watched.replace('.', '/'))) {
          seen.add(redefined == null ? "load" : "again");
        }
        return null;
      }
    };
    rewriter = new ClassRewriter(instrumentation, recording, name -> name.equals(watched.replace('.', '/')), problems::add);
    rewriter.register();
    return rewriter;
  }

  @Test
  void rewrite_classWithClassFile_redefinesInnermost() {
    rewriter(Sample.class.getName());

    rewriter.rewrite(Set.of(Sample.class), problems);

    assertThat(problems).isEmpty();
    assertThat(seen).containsExactly("again");
    assertThat(rewriter.outermost(Sample.class)).isFalse();
  }

  @Test
  void rewrite_classWithoutClassFile_retransformsOutermost() {
    Class<?> generated = new ByteBuddy().subclass(Object.class).name("dev.scalpel.engine.generated.NoClassFile")
        .make().load(getClass().getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
    rewriter(generated.getName());

    rewriter.rewrite(Set.of(generated), problems);

    assertThat(problems).isEmpty();
    assertThat(seen).containsExactly("again");
    assertThat(rewriter.outermost(generated)).isTrue();
  }

  @Test
  void holdsPrologue_findsTheDispatcherOnly() {
    byte[] with = ("xx" + "dev/scalpel/bootstrap/Dispatcher" + "yy").getBytes(StandardCharsets.UTF_8);
    byte[] without = "dev/scalpel/bootstrap/Dispatche".getBytes(StandardCharsets.UTF_8);

    assertThat(ClassRewriter.holdsPrologue(with)).isTrue();
    assertThat(ClassRewriter.holdsPrologue(without)).isFalse();
    assertThat(ClassRewriter.holdsPrologue(new byte[0])).isFalse();
  }
}
