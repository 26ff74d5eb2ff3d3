package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ManifestParserTest {

  private static final String ONE_PATCH = "scalpel: 1\npatches:\n  - id: P-1\n    target: a.B#m(int)\n    returns: 0\n";

  /** A bound for a parse that must end at once, generous for a loaded 2-core machine. */
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @TempDir
  Path folder;

  @Test
  void parsePath_invalidFile_messagesNameThePathAsGiven() throws Exception {
    Path file = Files.writeString(folder.resolve("hotfix.yaml"), ONE_PATCH.replace("returns: 0", "returns: [0]"));

    ManifestException rejection = assertThrows(ManifestException.class, () -> ManifestParser.parse(file));

    assertThat(rejection.getMessage()).startsWith(file + ":5:14: patch 'P-1': returns takes a single value");
  }

  @Test
  void parsePath_validFile_sameAsText() throws Exception {
    Path file = Files.writeString(folder.resolve("hotfix.yaml"), ONE_PATCH);

    assertThat(ManifestParser.parse(file)).isEqualTo(ManifestParser.parse("hotfix.yaml", ONE_PATCH));
    assertThat(ManifestParser.parse(file).location("P-1")).contains(new Location(file.toString(), 3, 9));
  }

  @Test
  void parsePath_missingFile_rejectedWithCause() {
    Path missing = folder.resolve("missing.yaml");

    ManifestException rejection = assertThrows(ManifestException.class, () -> ManifestParser.parse(missing));

    assertThat(rejection.getMessage()).isEqualTo(missing + ":1:1: cannot read the manifest: no such file");
    assertThat(rejection.getCause()).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void parsePath_notUtf8_locatesTheBadByte() throws Exception {
    byte[] latin1 = "scalpel: 1\npatches: []\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(folder.resolve("latin1.yaml"), latin1);

    assertThatThrownBy(() -> ManifestParser.parse(file)).isExactlyInstanceOf(ManifestException.class)
        .hasMessage(file + ":3:6: the manifest is not UTF-8: byte 0xE9 cannot be read here; save the file as UTF-8");
  }

  @Test
  void parseBytes_sameAsText_andChecksLikeAFile() {
    assertThat(ManifestParser.parse("hotfix.yaml", ONE_PATCH.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ManifestParser.parse("hotfix.yaml", ONE_PATCH));
    byte[] latin1 = "scalpel: 1\npatches: []\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> ManifestParser.parse("latin1.yaml", latin1)).isExactlyInstanceOf(ManifestException.class)
        .hasMessage("latin1.yaml:3:6: the manifest is not UTF-8: byte 0xE9 cannot be read here; save the file as UTF-8");
    assertThatThrownBy(() -> ManifestParser.parse("huge.yaml", new byte[ManifestParser.MAX_BYTES + 1]))
        .isExactlyInstanceOf(ManifestException.class)
        .hasMessageStartingWith("huge.yaml:1:1: the manifest is larger than 4194304 bytes");
  }

  @Test
  void parsePath_hugeFile_rejectedBeforeReadingItAll() throws Exception {
    Path file = folder.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] comment = ("#" + "x".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 5 * 1024; i++) {
        out.write(comment);
      }
    }

    assertThatThrownBy(() -> ManifestParser.parse(file)).isExactlyInstanceOf(ManifestException.class)
        .hasMessage(file + ":1:1: the manifest is larger than 4194304 bytes, past the limit of 1048576 characters"
            + " (1 MiB); split it or remove patches that are no longer needed");
  }

  @Test
  void parse_overLimit_rejectedWithTheLimit() {
    String text = ONE_PATCH + "#" + "x".repeat(YamlReader.MAX_CODE_POINTS - ONE_PATCH.length()) + "\n";

    assertThatThrownBy(() -> ManifestParser.parse("big.yaml", text)).isExactlyInstanceOf(ManifestException.class)
        .hasMessage("big.yaml:1:1: the manifest has 1048578 characters, more than the limit of 1048576 (1 MiB);"
            + " split it or remove patches that are no longer needed");
  }

  @Test
  void parse_atLimit_accepted() {
    String text = ONE_PATCH + "#" + "x".repeat(YamlReader.MAX_CODE_POINTS - ONE_PATCH.length() - 2) + "\n";

    assertThat(text.codePointCount(0, text.length())).isEqualTo(YamlReader.MAX_CODE_POINTS);
    assertThat(ManifestParser.parse("limit.yaml", text).patches()).hasSize(1);
  }

  /** Guards against an alias bomb being expanded: it must be refused before any alias is followed. */
  @Test
  void parse_largeAliasBomb_rejectedFast() {
    StringBuilder bomb = new StringBuilder("scalpel: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++) {
      bomb.append('a').append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(9))
          .append("*a").append(i - 1).append("]\n");
    }
    bomb.append("patches: *a29\n");

    // Refused at the first alias, it parses in milliseconds; expanded, it would never end.
    ManifestException rejection = assertTimeoutPreemptively(GENEROUS,
        () -> assertThrows(ManifestException.class, () -> ManifestParser.parse("bomb.yaml", bomb.toString())),
        "parsing an alias bomb, which must be refused at its first alias");

    assertThat(rejection.problems()).hasSize(1);
    assertThat(rejection.getMessage()).startsWith("bomb.yaml:2:5: anchor '&a0': anchors and aliases are not supported");
  }

  /** Guards against a stack overflow on deeply nested flow collections. */
  @Test
  void parse_millionOpenBrackets_rejectedWithoutStackOverflow() {
    String text = "scalpel: 1\npatches: " + "[".repeat(1_000_000);

    ManifestException rejection = assertTimeoutPreemptively(GENEROUS,
        () -> assertThrows(ManifestException.class, () -> ManifestParser.parse("deep.yaml", text)),
        "parsing a million open brackets, which must be refused at the 17th level");

    assertThat(rejection.getMessage()).startsWith("deep.yaml:2:25: nested deeper than 16 levels");
  }

  @Test
  void parse_thousandBadPatches_listsFirstHundredThenStops() {
    StringBuilder text = new StringBuilder("scalpel: 1\npatches:\n");
    for (int i = 0; i < 1000; i++) {
      text.append("  - id: P-").append(i).append("\n    target: a.B#m").append(i).append("(String)\n    skip: true\n");
    }

    ManifestException rejection = assertThrows(ManifestException.class, () -> ManifestParser.parse("many.yaml", text.toString()));

    assertThat(rejection.problems()).hasSize(Problems.LIMIT + 1);
    assertThat(rejection.problems().get(Problems.LIMIT).toString())
        .isEqualTo("many.yaml:304:13: stopped after 100 problems (900 more not listed); fix these and validate again");
  }

  @Test
  void parse_randomlyDamagedManifests_onlyEverManifestException() {
    String valid = Fixtures.read(Fixtures.yamlFiles("valid").stream()
        .filter(file -> file.endsWith("governance.yaml")).findFirst().orElseThrow());
    String alphabet = "\t\n -:#[]{}&*!|>'\"%@`,?\\0aZ.$()<>~";
    Random random = new Random(1432);
    for (int i = 0; i < 2000; i++) {
      StringBuilder damaged = new StringBuilder(valid);
      for (int edit = 0; edit < 1 + random.nextInt(4); edit++) {
        int at = random.nextInt(damaged.length());
        switch (random.nextInt(3)) {
          case 0 -> damaged.deleteCharAt(at);
          case 1 -> damaged.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> damaged.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      try {
        ManifestParser.parse("damaged.yaml", damaged.toString());
      } catch (ManifestException expected) {
        assertThat(expected.problems()).isNotEmpty();
      }
    }
  }

  @Test
  void parse_byteOrderMark_ignored() {
    assertThat(ManifestParser.parse("bom.yaml", "\uFEFF" + ONE_PATCH)).isEqualTo(ManifestParser.parse("x.yaml", ONE_PATCH));
  }

  @Test
  void parse_windowsLineEndings_sameManifest() {
    assertThat(ManifestParser.parse("crlf.yaml", ONE_PATCH.replace("\n", "\r\n")))
        .isEqualTo(ManifestParser.parse("lf.yaml", ONE_PATCH));
  }
}
