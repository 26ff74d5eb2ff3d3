package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.dsl.Constant;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ConstantsTest {

  private static Constant c(String kind, String text) {
    return new Constant(Constant.Kind.valueOf(kind), text);
  }

  @Test
  void fit_convertsToTheReturnType() {
    assertThat(Constants.fit(c("INTEGER", "42"), "int")).isEqualTo(42);
    assertThat(Constants.fit(c("INTEGER", "42"), "java.lang.Long")).isEqualTo(42L);
    assertThat(Constants.fit(c("INTEGER", "-3"), "byte")).isEqualTo((byte) -3);
    assertThat(Constants.fit(c("INTEGER", "7"), "double")).isEqualTo(7.0);
    assertThat(Constants.fit(c("INTEGER", "7"), "java.math.BigDecimal")).isEqualTo(new BigDecimal("7"));
    assertThat(Constants.fit(c("INTEGER", "99999999999999999999"), "java.math.BigInteger"))
        .isEqualTo(new BigInteger("99999999999999999999"));
    assertThat(Constants.fit(c("DECIMAL", "0.5"), "float")).isEqualTo(0.5f);
    assertThat(Constants.fit(c("DECIMAL", "20.00"), "java.math.BigDecimal")).isEqualTo(new BigDecimal("20.00"));
    assertThat(Constants.fit(c("BOOLEAN", "true"), "boolean")).isEqualTo(true);
    assertThat(Constants.fit(c("STRING", "hi"), "java.lang.CharSequence")).isEqualTo("hi");
    assertThat(Constants.fit(c("STRING", "x"), "char")).isEqualTo('x');
    assertThat(Constants.fit(Constant.NULL, "java.lang.String")).isNull();
    assertThat(Constants.fit(Constant.NULL, "int[]")).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "NULL|null|int|returns null does not fit return type int: null cannot be a primitive value",
      "STRING|42|int|returns '42' does not fit return type int: a string fits java.lang.String (or char, if one character long)",
      "INTEGER|300|byte|returns 300 does not fit return type byte: it is outside -128 to 127",
      "INTEGER|1|java.lang.String|returns 1 does not fit return type java.lang.String: a whole number fits int, long, short, byte, float, double, their boxes, java.math.BigInteger and java.math.BigDecimal",
      "DECIMAL|0.5|int|returns 0.5 does not fit return type int: a decimal number fits float, double, their boxes and java.math.BigDecimal",
      "BOOLEAN|true|int|returns true does not fit return type int: a boolean fits only boolean and java.lang.Boolean",
      "STRING|ab|char|returns 'ab' does not fit return type char: a string fits java.lang.String (or char, if one character long)",
      "INTEGER|1|void|returns 1 does not fit return type void: a void method returns nothing: write skip: true instead",
  })
  void fit_refusesWhatDoesNotFit(String kind, String text, String type, String message) {
    assertThatThrownBy(() -> Constants.fit(c(kind, text), type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
