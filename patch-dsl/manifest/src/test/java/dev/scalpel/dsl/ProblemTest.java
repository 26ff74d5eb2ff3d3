package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ProblemTest {

  private static final Location AT = new Location("hotfix.yaml", 4, 13);

  @Test
  void toString_insidePatch_namesThePatch() {
    assertThat(new Problem(AT, "P-1", "target is wrong")).hasToString("hotfix.yaml:4:13: patch 'P-1': target is wrong");
  }

  @Test
  void toString_outsidePatch_locationAndMessage() {
    assertThat(new Problem(AT, "", "invalid YAML")).hasToString("hotfix.yaml:4:13: invalid YAML");
    assertThat(new Problem(AT, null, "invalid YAML")).isEqualTo(new Problem(AT, "", "invalid YAML"));
  }

  @Test
  void exception_message_problemsOnePerLine() {
    ManifestException rejection = new ManifestException(List.of(
        new Problem(AT, "P-1", "one"), new Problem(new Location("hotfix.yaml", 9, 1), "", "two")));

    assertThat(rejection).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hotfix.yaml:4:13: patch 'P-1': one\nhotfix.yaml:9:1: two");
    assertThat(rejection.problems()).hasSize(2);
  }

  @Test
  void exception_problems_copiedAndUnmodifiable() {
    List<Problem> problems = new ArrayList<>(List.of(new Problem(AT, "", "one")));
    ManifestException rejection = new ManifestException(problems);

    problems.clear();

    assertThat(rejection.problems()).hasSize(1);
    assertThatThrownBy(() -> rejection.problems().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void exception_noProblems_refused() {
    assertThatThrownBy(() -> new ManifestException(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a manifest is rejected for at least one problem; none given");
  }
}
