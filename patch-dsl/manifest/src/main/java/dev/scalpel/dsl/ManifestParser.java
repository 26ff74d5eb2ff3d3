package dev.scalpel.dsl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads and validates patch manifests (YAML, UTF-8) as the contract defines them: everything that
 * can be checked without a JVM is checked here. A manifest is accepted whole or rejected whole,
 * with a {@link ManifestException} that lists every problem found as
 * {@code file:line:column: patch 'ID': what is wrong}, ordered by position.
 *
 * <p>Only the YAML that a manifest needs is read: no anchors or aliases, no tags, a single
 * document, at most 16 levels of nesting and 1 MiB (1,048,576 characters). Nothing is ever
 * instantiated from the YAML.
 */
public final class ManifestParser {

  /** The most bytes that the largest manifest can take in UTF-8: four per character. */
  public static final int MAX_BYTES = 4 * YamlReader.MAX_CODE_POINTS;

  private ManifestParser() {}

  /**
   * Reads the manifest in {@code file}, naming it in messages as {@code file.toString()}.
   *
   * @throws ManifestException if the manifest is invalid, or the file cannot be read (a single
   *                           problem at line 1, column 1, with the I/O failure as its cause),
   *                           is not UTF-8 or is too large; nothing else for any content
   * @throws NullPointerException if {@code file} is null
   */
  public static Manifest parse(Path file) {
    Problems problems = new Problems(file.toString());
    byte[] bytes = BoundedFile.read(file, MAX_BYTES, "manifest", problems);
    return read(bytes, problems);
  }

  /**
   * Reads the manifest in {@code bytes}, exactly as a file held them, naming it in messages as
   * {@code fileName}: what a caller that fingerprints the bytes it read uses, so that what it
   * applies is what it hashed.
   *
   * @throws ManifestException if the manifest is invalid, not UTF-8 or larger than {@link #MAX_BYTES};
   *                           nothing else for any content
   * @throws NullPointerException if an argument is null
   */
  public static Manifest parse(String fileName, byte[] bytes) {
    return read(bytes, new Problems(fileName));
  }

  private static Manifest read(byte[] bytes, Problems problems) {
    if (bytes.length > MAX_BYTES) {
      problems.add(problems.at(1, 1), "", "the manifest is larger than " + MAX_BYTES + " bytes, past the limit of "
          + YamlReader.MAX_CODE_POINTS + " characters (1 MiB); split it or remove patches that are no longer needed");
      problems.throwIfAny();
    }
    return read(decode(bytes, problems), problems);
  }

  /**
   * Reads the manifest in {@code text}, naming it in messages as {@code fileName}.
   *
   * @throws ManifestException if the manifest is invalid; nothing else for any text
   * @throws NullPointerException if an argument is null
   */
  public static Manifest parse(String fileName, String text) {
    Problems problems = new Problems(fileName);
    return read(text, problems);
  }

  private static Manifest read(String text, Problems problems) {
    return ManifestReader.read(YamlReader.read(text, problems), problems);
  }

  private static String decode(byte[] bytes, Problems problems) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    String text = out.flip().toString();
    if (result.isError()) {
      problems.add(YamlReader.locate(problems, text, text.codePointCount(0, text.length())), "", String.format(
          "the manifest is not UTF-8: byte 0x%02X cannot be read here; save the file as UTF-8", bytes[in.position()]));
      problems.throwIfAny();
    }
    return text;
  }
}
