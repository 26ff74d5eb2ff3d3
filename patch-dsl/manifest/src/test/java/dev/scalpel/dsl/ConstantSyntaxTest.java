package dev.scalpel.dsl;

import static dev.scalpel.dsl.ScalarSyntaxTest.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class ConstantSyntaxTest {

  @Test
  void constant_yamlSpellings_canonicalText() {
    Map<Value.Scalar, Constant> constants = Map.of(
        scalar(Constant.Kind.NULL, "~"), Constant.NULL,
        scalar(Constant.Kind.BOOLEAN, "True"), Constant.of(true),
        scalar(Constant.Kind.INTEGER, "+1_000"), Constant.of(1000),
        scalar(Constant.Kind.INTEGER, "-0"), Constant.of(0),
        scalar(Constant.Kind.DECIMAL, ".5"), new Constant(Constant.Kind.DECIMAL, "0.5"),
        scalar(Constant.Kind.DECIMAL, "2.50"), new Constant(Constant.Kind.DECIMAL, "2.5"),
        scalar(Constant.Kind.DECIMAL, "1e3"), new Constant(Constant.Kind.DECIMAL, "1000.0"),
        scalar(Constant.Kind.DECIMAL, "-0.0"), new Constant(Constant.Kind.DECIMAL, "-0.0"),
        scalar(Constant.Kind.DECIMAL, "1.7976931348623157e308"),
        new Constant(Constant.Kind.DECIMAL, "17976931348623157" + "0".repeat(292) + ".0"),
        scalar(Constant.Kind.STRING, "yes"), Constant.of("yes"));
    constants.forEach((scalar, constant) ->
        assertThat(ConstantSyntax.constant(scalar)).as(scalar.text()).isEqualTo(constant));
  }

  @Test
  void constant_outsideDouble_refused() {
    String range = " is beyond what a double holds; write a number from 4.9E-324 to 1.7976931348623157E308"
        + " in magnitude, or quote it to return a string";
    assertThatThrownBy(() -> ConstantSyntax.constant(scalar(Constant.Kind.DECIMAL, "1e400")))
        .isInstanceOf(Invalid.class).hasMessage("returns '1e400'" + range);
    assertThatThrownBy(() -> ConstantSyntax.constant(scalar(Constant.Kind.DECIMAL, "1e-999999999")))
        .isInstanceOf(Invalid.class).hasMessage("returns '1e-999999999'" + range);
  }

  @Test
  void constant_tooManyDigits_refused() {
    assertThatThrownBy(() -> ConstantSyntax.constant(scalar(Constant.Kind.DECIMAL, "0." + "1".repeat(70))))
        .isInstanceOf(Invalid.class).hasMessageContaining("is not a finite decimal number of at most 64 characters");
  }

  @Test
  void constant_sexagesimal_refused() {
    assertThatThrownBy(() -> ConstantSyntax.constant(scalar(Constant.Kind.INTEGER, "1:30")))
        .isInstanceOf(Invalid.class).hasMessageStartingWith("returns '1:30' is not a decimal integer");
  }

  @Test
  void skip_true_accepted() {
    assertThat(ConstantSyntax.skip(scalar(Constant.Kind.BOOLEAN, "TRUE"))).isTrue();
  }

  @Test
  void skip_oldYamlBoolean_refused() {
    assertThatThrownBy(() -> ConstantSyntax.skip(scalar(Constant.Kind.BOOLEAN, "on"))).isInstanceOf(Invalid.class)
        .hasMessage("skip 'on' is ambiguous: YAML 1.1 reads it as a boolean; write true or false");
  }
}
