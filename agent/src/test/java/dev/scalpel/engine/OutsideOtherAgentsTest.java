package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.dsl.Constant;
import dev.scalpel.dsl.Manifest;
import dev.scalpel.engine.fixtures.Sample;
import java.lang.reflect.Method;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status says where a prologue had to go outside other agents' code, and only there. */
final class OutsideOtherAgentsTest {

  @TempDir
  Path dir;

  @AfterEach
  void clear() throws Exception {
    TestEngine.engine().apply(Manifest.builder().build(), "empty", dir, true);
  }

  private static Class<?> generated(String name) {
    // Defined from bytes its loader does not serve as a resource: it cannot be redefined from a class file.
    return new ByteBuddy().subclass(Object.class).name(name)
        .defineMethod("answer", int.class, Visibility.PUBLIC).intercept(FixedValue.value(1))
        .make().load(OutsideOtherAgentsTest.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
  }

  @Test
  void status_classWithoutClassFile_namedAsOutside() throws Exception {
    Class<?> type = generated("dev.scalpel.engine.generated.Answering");
    Object instance = type.getDeclaredConstructor().newInstance();
    Method answer = type.getMethod("answer");
    PatchEngine engine = TestEngine.engine();

    engine.apply(Manifest.builder().patch("OUT-1", p -> p.target(type.getName() + "#answer()")
        .returns(Constant.of(7))).build(), "test", dir, true);

    assertThat(answer.invoke(instance)).isEqualTo(7);
    PatchStatus status = engine.status().get(0);
    assertThat(status.state()).isEqualTo("active");
    assertThat(status.outsideOtherAgents()).containsExactly(type.getName());

    engine.rollback(java.util.List.of("OUT-1"));
    assertThat(answer.invoke(instance)).isEqualTo(1);
    assertThat(engine.status().get(0).outsideOtherAgents()).isEmpty();
  }

  @Test
  void status_classWithClassFile_insideEverywhere() throws Exception {
    PatchEngine engine = TestEngine.engine();
    engine.apply(Manifest.builder().patch("IN-1", p -> p.target(Sample.class.getName() + "#answer(int)")
        .returns(Constant.of(7))).build(), "test", dir, true);

    assertThat(new Sample().answer(1)).isEqualTo(7);
    assertThat(engine.status().get(0).outsideOtherAgents()).isEmpty();
  }
}
