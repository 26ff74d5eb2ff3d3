package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link TextShapes} against the regular expressions the manifest reader used before: every text
 * of up to four characters from an alphabet of the characters that matter, every single edit of
 * texts that match, and random longer texts.
 */
final class TextShapesTest {

  private static final String ALPHABET = "0159-.%x:agrTtZz +msd";

  private static final Map<String, Predicate<String>> SHAPES = new LinkedHashMap<>();

  static {
    SHAPES.put("[A-Za-z0-9._-]+", TextShapes::isId);
    SHAPES.put("[0-9a-fA-F]{64}", TextShapes::isSha256);
    SHAPES.put("-?[0-9]{1,9}(\\.[0-9]{1,9})?", TextShapes::isNumber);
    SHAPES.put("-?[0-9]{1,9}(\\.[0-9]{1,9})?%", TextShapes::isPercent);
    SHAPES.put("-?[0-9]{1,12}", TextShapes::isCount);
    SHAPES.put("([0-9]{1,6}(\\.[0-9]{1,2})?)x", TextShapes::isFactor);
    SHAPES.put("([0-9]{1,9})(us|ms|s|m|h|d)", text -> TextShapes.durationUnit(text) >= 0);
    SHAPES.put("arg(0|[1-9][0-9]{0,2})", TextShapes::isArgument);
    SHAPES.put("[0-9]{4}-[0-9]{2}-[0-9]{2}", TextShapes::isDate);
    SHAPES.put("[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?", TextShapes::isLocalTime);
    SHAPES.put("[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})", TextShapes::isZonedTime);
    SHAPES.put("[-+]?(0|[1-9][0-9]*)", TextShapes::isDecimalInteger);
  }

  /** Texts that match one of the shapes, or nearly: their single edits reach the edges of each. */
  private static final List<String> SEEDS = List.of("PRICE-1432", "a.b_c-D9", "0".repeat(64), "aF".repeat(32),
      "5", "-5", "123456789", "1234567890", "12.5", "-0.123456789", "1.1234567890", "12.5%", "100%", "-1%",
      "1234567890%", "100", "123456789012", "1234567890123", "-42", "3x", "1.5x", "123456.12x", "1234567x", "1.123x",
      "50ms", "250us", "2s", "10m", "1h", "30d", "123456789s", "1234567890s", "5ns", "arg0", "arg12", "arg254",
      "arg999", "arg1000", "arg01", "2026-12-31", "2026-1-31", "T00:00", "t23:59:59", " 12:30:45.123456789",
      "T12:30:45.1234567890", "T00:00:00Z", "t00:00:00z", " 12:30:45.5+02:00", "T12:30:45-11:30", "T12:30:45+2:00",
      "T12:30Z", "0", "+0", "-17", "017", "+1_000", "00");

  @Test
  void shapes_everyShortText_asTheRegularExpressions() {
    assertSame(TextsOver.every(ALPHABET, 4));
  }

  @Test
  void shapes_singleEditsOfMatchingTexts_asTheRegularExpressions() {
    Set<String> texts = new LinkedHashSet<>(SEEDS);
    String alphabet = ALPHABET + "AF7Z:\u0663\uff11";
    for (String seed : SEEDS) {
      for (int at = 0; at <= seed.length(); at++) {
        if (at < seed.length()) {
          texts.add(seed.substring(0, at) + seed.substring(at + 1));
        }
        for (int i = 0; i < alphabet.length(); i++) {
          texts.add(seed.substring(0, at) + alphabet.charAt(i) + seed.substring(at));
          if (at < seed.length()) {
            texts.add(seed.substring(0, at) + alphabet.charAt(i) + seed.substring(at + 1));
          }
        }
      }
    }
    assertSame(new ArrayList<>(texts));
  }

  @Test
  void shapes_randomLongerTexts_asTheRegularExpressions() {
    assertSame(TextsOver.random(ALPHABET, 100_000, 5, 20, 13));
  }

  @Test
  void durationUnit_duration_whereTheUnitStarts() {
    assertThat(TextShapes.durationUnit("50ms")).isEqualTo(2);
    assertThat(TextShapes.durationUnit("123456789d")).isEqualTo(9);
    assertThat(TextShapes.durationUnit("ms")).isEqualTo(-1);
  }

  private static void assertSame(List<String> texts) {
    List<String> different = new ArrayList<>();
    for (Map.Entry<String, Predicate<String>> shape : SHAPES.entrySet()) {
      Pattern pattern = Pattern.compile(shape.getKey());
      for (String text : texts) {
        boolean expected = pattern.matcher(text).matches();
        if (shape.getValue().test(text) != expected) {
          different.add(shape.getKey() + " " + Echo.quoted(text) + ": regular expression says " + expected);
        }
      }
    }
    assertThat(different).as("texts judged differently from the regular expressions, of " + texts.size()).isEmpty();
  }
}
