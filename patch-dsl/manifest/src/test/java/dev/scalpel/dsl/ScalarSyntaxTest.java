package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ScalarSyntaxTest {

  @Test
  void rollout_percentages_basisPoints() {
    Map<String, Integer> rollouts = Map.of("0%", 0, "0.01%", 1, "10%", 1000, "12.5%", 1250, "99.99%", 9999,
        "100%", 10_000, "100.00%", 10_000, "010%", 1000, "10.120%", 1012);
    rollouts.forEach((text, basisPoints) ->
        assertThat(ScalarSyntax.rollout(scalar(Constant.Kind.STRING, text)).basisPoints())
            .as(text).isEqualTo(basisPoints));
  }

  @Test
  void rollout_invalid_saysWhatToWrite() {
    Map<Value.Scalar, String> cases = new LinkedHashMap<>();
    cases.put(scalar(Constant.Kind.INTEGER, "150"), "rollout '150' has no '%'; write 0% to 100%, e.g. 10%");
    cases.put(scalar(Constant.Kind.INTEGER, "10"), "rollout '10' has no '%'; write 10%");
    cases.put(scalar(Constant.Kind.STRING, "150%"), "rollout '150%' is above 100%; write 0% to 100%, e.g. 100% for every call");
    cases.put(scalar(Constant.Kind.STRING, "100.01%"),
        "rollout '100.01%' is above 100%; write 0% to 100%, e.g. 100% for every call");
    cases.put(scalar(Constant.Kind.STRING, "-1%"), "rollout '-1%' is below 0%; write 0% to 100%, e.g. 0% for no calls");
    cases.put(scalar(Constant.Kind.STRING, "12.345%"), "rollout '12.345%' has more than two decimals; write e.g. 12.35%");
    cases.put(scalar(Constant.Kind.STRING, "ten%"),
        "rollout 'ten%' is not a percentage; write 0% to 100% with up to two decimals, e.g. 10% or 12.5%");
    cases.forEach((scalar, message) ->
        assertThatThrownBy(() -> ScalarSyntax.rollout(scalar)).as(scalar.text()).isInstanceOf(Invalid.class)
            .hasMessage(message));
  }

  @Test
  void rollout_writtenBack_sameRollout() {
    for (int basisPoints = 0; basisPoints <= 10_000; basisPoints += 7) {
      Rollout rollout = new Rollout(basisPoints);
      assertThat(ScalarSyntax.rollout(scalar(Constant.Kind.STRING, rollout.toString()))).isEqualTo(rollout);
    }
  }

  @Test
  void stickyBy_argumentIndex_parsed() {
    assertThat(ScalarSyntax.stickyBy(scalar(Constant.Kind.STRING, "arg0"))).isZero();
    assertThat(ScalarSyntax.stickyBy(scalar(Constant.Kind.STRING, "arg254"))).isEqualTo(254);
    assertThatThrownBy(() -> ScalarSyntax.stickyBy(scalar(Constant.Kind.STRING, "arg255")))
        .isInstanceOf(Invalid.class)
        .hasMessage("stickyBy 'arg255' is past the last parameter a method can have; write arg0 to arg254");
  }

  @Test
  void expires_offsetsAndFractions_sameInstant() {
    Map<String, String> instants = Map.of(
        "2026-12-31T00:00:00Z", "2026-12-31T00:00:00Z",
        "2026-12-31t01:00:00+01:00", "2026-12-31T00:00:00Z",
        "2026-12-30 19:00:00-05:00", "2026-12-31T00:00:00Z",
        "2026-12-31T00:00:00.123456789Z", "2026-12-31T00:00:00.123456789Z");
    instants.forEach((text, instant) ->
        assertThat(ScalarSyntax.expires(scalar(Constant.Kind.STRING, text))).as(text)
            .isEqualTo(Instant.parse(instant)));
  }

  @Test
  void expires_outsideRange_refused() {
    assertThatThrownBy(() -> ScalarSyntax.expires(scalar(Constant.Kind.STRING, "9999-12-31T23:00:00-05:00")))
        .isInstanceOf(Invalid.class)
        .hasMessage("expires '9999-12-31T23:00:00-05:00' is outside 1970 to 9999 (UTC); write an RFC 3339"
            + " date-time, e.g. 2026-12-31T00:00:00Z");
  }

  @Test
  void sha256_upperCase_lowered() {
    assertThat(ScalarSyntax.sha256(scalar(Constant.Kind.STRING, "AB".repeat(32)))).isEqualTo("ab".repeat(32));
  }

  /**
   * Guards against a crash: a digit of another script (here a full-width 1) passed the old search
   * for the offending character, which then found none and threw NoSuchElementException.
   */
  @Test
  void sha256_digitOfAnotherScript_namedAsNotHex() {
    String text = "0".repeat(63) + "\uff11";

    assertThatThrownBy(() -> ScalarSyntax.sha256(scalar(Constant.Kind.STRING, text))).isInstanceOf(Invalid.class)
        .hasMessage("sha256 contains '\uff11', which is not a hex digit; write the jar's SHA-256 as 64 hex digits,"
            + " e.g. as sha256sum prints it");
  }

  @Test
  void id_boundaries_checked() {
    assertThat(ScalarSyntax.id(scalar(Constant.Kind.STRING, "a".repeat(64)))).hasSize(64);
    assertThat(ScalarSyntax.id(scalar(Constant.Kind.INTEGER, "1432"))).isEqualTo("1432");
    assertThatThrownBy(() -> ScalarSyntax.id(scalar(Constant.Kind.STRING, "é"))).isInstanceOf(Invalid.class)
        .hasMessage("id 'é' contains 'é'; write 1 to 64 letters A-Z a-z, digits, '.', '_' or '-', e.g. PRICE-1432");
  }

  static Value.Scalar scalar(Constant.Kind kind, String text) {
    return new Value.Scalar(Location.start("test.yaml"), kind, text);
  }
}
