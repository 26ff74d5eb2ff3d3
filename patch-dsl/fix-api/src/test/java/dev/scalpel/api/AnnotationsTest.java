package dev.scalpel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;

final class AnnotationsTest {

  @Patch(id = "A-1", target = "a.B#c(int)")
  static int fix(int value) {
    return value;
  }

  @When("A-1")
  static boolean guard(int value) {
    return value > 0;
  }

  /** Read from class files by a build tool; nothing of them is needed, or visible, at run time. */
  @Test
  void patchAndWhen_areRetainedInTheClassFileOnly() throws NoSuchMethodException {
    for (Class<? extends java.lang.annotation.Annotation> type : java.util.List.of(Patch.class, When.class)) {
      assertThat(type.getAnnotation(Retention.class).value()).as(type.getName()).isEqualTo(RetentionPolicy.CLASS);
      assertThat(type.getAnnotation(Target.class).value()).as(type.getName()).containsExactly(ElementType.METHOD);
    }
    assertThat(AnnotationsTest.class.getDeclaredMethod("fix", int.class).getAnnotations()).isEmpty();
    assertThat(AnnotationsTest.class.getDeclaredMethod("guard", int.class).getAnnotations()).isEmpty();
  }

  @Test
  void patch_optionalElementsDefaultToAbsent() throws NoSuchMethodException {
    for (String element : java.util.List.of("rollout", "stickyBy", "ticket", "author", "reason", "approvedBy",
        "expires")) {
      assertThat(Patch.class.getDeclaredMethod(element).getDefaultValue()).as(element).isEqualTo("");
    }
    assertThat(Patch.class.getDeclaredMethod("mode").getDefaultValue()).isEqualTo(Patch.Mode.ACTIVE);
  }
}
