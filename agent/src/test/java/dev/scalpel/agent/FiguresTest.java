package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

final class FiguresTest {

  /** Guards that the log's millisecond figures read as they did when String.format wrote them. */
  @Test
  void millis_writesWhatStringFormatWrites() {
    List<Long> nanos = List.of(0L, 1L, 49_999L, 50_000L, 243_000L, 439_512L, 999_999L, 1_000_000L, 12_345_678L,
        545_049_999L, 545_050_000L, 3_200_000_000L, 123_456_789_012L);
    for (long n : nanos) {
      for (int d : new int[] {0, 1, 3}) {
        assertThat(Figures.millis(n, d)).as(n + " ns, " + d + " decimals")
            .isEqualTo(String.format(Locale.ROOT, "%." + d + "f", n / 1e6));
      }
    }
  }

  @Test
  void millis_decimalsOutOfRange_refused() {
    for (int d : new int[] {-1, 7}) {
      assertThatThrownBy(() -> Figures.millis(1, d)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("decimals " + d + " is outside 0 to 6");
    }
  }

  @Test
  void padded_fillsToWidthAndKeepsLongerText() {
    assertThat(Figures.padded("PRICE-1", 10)).isEqualTo("PRICE-1   ");
    assertThat(Figures.padded("a-patch-id-longer-than-twenty", 20)).isEqualTo("a-patch-id-longer-than-twenty");
    assertThat(Figures.padded(null, 5)).isEqualTo("null ");
  }
}
