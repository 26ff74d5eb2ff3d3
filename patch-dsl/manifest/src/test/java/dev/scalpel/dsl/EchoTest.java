package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class EchoTest {

  @Test
  void quoted_shortText_asWritten() {
    assertThat(Echo.quoted("com.acme.Cart#total")).isEqualTo("'com.acme.Cart#total'");
  }

  @Test
  void quoted_lineBreaksAndControls_escaped() {
    assertThat(Echo.quoted("a\nb\tc\u0000d\u2028")).isEqualTo("'a\\nb\\tc\\u0000d\\u2028'");
  }

  @Test
  void quoted_longText_shortened() {
    assertThat(Echo.quoted("x".repeat(61))).isEqualTo("'" + "x".repeat(60) + "...'");
    assertThat(Echo.quoted("x".repeat(60))).isEqualTo("'" + "x".repeat(60) + "'");
  }
}
