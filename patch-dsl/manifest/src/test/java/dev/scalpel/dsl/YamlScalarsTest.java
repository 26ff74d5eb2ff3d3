package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/** {@link YamlScalars} against SnakeYAML's own resolver, which the manifest reader used before. */
final class YamlScalarsTest {

  private static final Resolver SNAKEYAML = new Resolver();

  /** Characters that take part in YAML 1.1's null, boolean, integer and float spellings, and a few that do not. */
  private static final String ALPHABET = "0156789abeEfxX.:_-+nN~oiy ";

  @TestFactory
  Stream<DynamicTest> kind_edgeCases_asSnakeYamlResolves() {
    String[] texts = {"", " ", "~", "null", "Null", "NULL", "nULL", "nul", "yes", "Yes", "YES", "yEs", "y", "n", "no",
        "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
        "0", "-0", "+0", "00", "007", "08", "0_7", "0_", "_0", "0b", "0b1", "0b_1", "0b_", "0b2", "-0b10", "0x", "0x1F",
        "0x_f", "0xg", "+0xFF_", "1", "1_000", "1__", "12", "-12", "+", "-", "1:30", "1:60", "1:5", "1:59", "1:05",
        "1:5:5", "1:", "0:30", "1:30.5", "1:30.", "1:30.5_", "1:300.5", "190:20:30.15", "1.", "1.5", "-1.5", "1.5e3",
        "1.5E-3", "1.5e", "1.5e+", "1e3", "1E+3", "1e", "1_e3", ".5", ".5e3", "._", ".", "-.5", "+.5e-1", ".e3",
        ".inf", ".Inf", ".INF", "-.inf", "+.INF", ".iNF", ".nan", ".NaN", ".NAN", "-.nan", "+.NaN", "1.0.0",
        "2026-12-31", "2026-12-31T00:00:00Z", "<<", "=", "!", "1e3x", "0o17", "١٢", "12\n", "1 ", " 1",
        "9".repeat(1024), "9".repeat(1025), "1." + "0".repeat(1022), "1." + "0".repeat(1023)};
    List<DynamicTest> rows = new ArrayList<>();
    for (String text : texts) {
      rows.add(TableRow.expecting(Echo.quoted(text), snakeYaml(text), () -> YamlScalars.kind(text, true)));
    }
    return rows.stream();
  }

  @Test
  void kind_everyShortTextOfTheAlphabet_asSnakeYamlResolves() {
    assertSame(TextsOver.every(ALPHABET, 4));
  }

  @Test
  void kind_randomLongerTexts_asSnakeYamlResolves() {
    assertSame(TextsOver.random(ALPHABET, 200_000, 5, 10, 13));
  }

  @Test
  void kind_quoted_alwaysString() {
    for (String text : List.of("", "null", "true", "1", "1.5", "~")) {
      assertThat(YamlScalars.kind(text, false)).as(text).isEqualTo(Constant.Kind.STRING);
    }
  }

  private static void assertSame(List<String> texts) {
    List<String> different = new ArrayList<>();
    for (String text : texts) {
      if (YamlScalars.kind(text, true) != snakeYaml(text)) {
        different.add(Echo.quoted(text) + ": " + YamlScalars.kind(text, true) + " for " + snakeYaml(text));
      }
    }
    assertThat(different).as("texts typed differently from SnakeYAML's resolver, of " + texts.size()).isEmpty();
  }

  private static Constant.Kind snakeYaml(String text) {
    Tag tag = SNAKEYAML.resolve(NodeId.scalar, text, true);
    if (tag.equals(Tag.NULL)) {
      return Constant.Kind.NULL;
    } else if (tag.equals(Tag.BOOL)) {
      return Constant.Kind.BOOLEAN;
    } else if (tag.equals(Tag.INT)) {
      return Constant.Kind.INTEGER;
    } else if (tag.equals(Tag.FLOAT)) {
      return Constant.Kind.DECIMAL;
    }
    return Constant.Kind.STRING;
  }
}
