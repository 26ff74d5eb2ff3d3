package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.ManifestParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ManifestPrefetchTest {

  private static final String ONE = "scalpel: 1\npatches:\n  - id: A\n    target: a.B#c()\n    returns: 1\n";

  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** The file asked for: the same bytes and the same manifest the starting thread would have made. */
  @Test
  void snapshot_sameFile_isTheReadAndItsManifest() throws Exception {
    Path file = write("m.yaml", ONE);
    ManifestPrefetch prefetch = ManifestPrefetch.start(file, false);

    ManifestSnapshot read = prefetch.snapshot(file, false);

    ManifestSnapshot direct = ManifestSnapshot.read(file, false);
    assertThat(read.bytes()).isEqualTo(direct.bytes());
    assertThat(read.sha256()).isEqualTo(direct.sha256());
    Manifest manifest = prefetch.manifest(read);
    assertThat(manifest.sha256()).isEqualTo(ManifestParser.parse(file.toString(), direct.bytes()).sha256());
    assertThat(manifest.patches()).extracting(p -> p.id()).containsExactly("A");
  }

  /** Another file, or the same one asked with a different signature setting: the caller reads it. */
  @Test
  void snapshot_otherFileOrSigning_isNull() throws Exception {
    Path file = write("m.yaml", ONE);
    ManifestPrefetch prefetch = ManifestPrefetch.start(file, false);

    assertThat(prefetch.snapshot(write("other.yaml", ONE), false)).isNull();
    assertThat(prefetch.snapshot(file, true)).isNull();
  }

  /** A manifest that cannot be read: the read's own exception, as the caller would have had it. */
  @Test
  void snapshot_missingFile_throwsTheReadsException() {
    Path file = dir.resolve("missing.yaml");
    ManifestPrefetch prefetch = ManifestPrefetch.start(file, false);

    assertThatThrownBy(() -> prefetch.snapshot(file, false)).isInstanceOf(NoSuchFileException.class);
  }

  /** A manifest that does not parse: the parser's exception with its problems, word for word. */
  @Test
  void manifest_invalid_throwsTheParsersException() throws Exception {
    Path file = write("bad.yaml", "scalpel: 2\npatches: []\n");
    ManifestPrefetch prefetch = ManifestPrefetch.start(file, false);
    ManifestSnapshot read = prefetch.snapshot(file, false);

    String parsersMessage = null;
    try {
      ManifestParser.parse(file.toString(), read.bytes());
    } catch (ManifestException e) {
      parsersMessage = e.getMessage();
    }
    assertThat(parsersMessage).as("the parser refuses scalpel: 2").isNotNull();
    String expected = parsersMessage;
    assertThatThrownBy(() -> prefetch.manifest(read)).isInstanceOf(ManifestException.class).hasMessage(expected);
  }

  /** Bytes read anywhere else (a reload, a later attach) are parsed by their reader, not taken from here. */
  @Test
  void manifest_otherSnapshot_isNull() throws Exception {
    Path file = write("m.yaml", ONE);
    ManifestPrefetch prefetch = ManifestPrefetch.start(file, false);
    prefetch.snapshot(file, false);

    assertThat(prefetch.manifest(ManifestSnapshot.read(file, false))).isNull();
    assertThat(prefetch.manifest(null)).isNull();
  }
}
