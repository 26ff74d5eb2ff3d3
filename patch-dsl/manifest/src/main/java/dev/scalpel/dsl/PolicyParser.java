package dev.scalpel.dsl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a policy file (YAML, UTF-8) into a {@link Policy}: {@code scalpel-policy: 1} and any of
 * {@code require}, {@code maxExpiry}, {@code fourEyes}, {@code actions} and {@code targets}. A
 * policy is accepted whole or refused whole, with a {@link ManifestException} that lists every
 * problem as {@code file:line:column: what is wrong}, ordered by position: an unknown key, a value
 * of the wrong type, an unknown key name or action name, a duration other than a whole number of
 * days, hours or minutes ({@code 14d}, {@code 36h}, {@code 90m}), a target glob that is not a class
 * name with {@code *} wildcards, an empty list, a name listed twice. The YAML is read as the manifest's is: no anchors,
 * aliases or tags, one document, nothing instantiated.
 */
public final class PolicyParser {

  /** The largest policy file read, in bytes: a policy is a few lines. */
  public static final int MAX_BYTES = 64 * 1024;

  private PolicyParser() {}

  /**
   * Reads the policy in {@code file}, naming it in messages as {@code file.toString()}.
   *
   * @throws ManifestException if the policy is invalid, or the file cannot be read (a single
   *                           problem at line 1, column 1, with the I/O failure as its cause),
   *                           is not UTF-8 or is larger than {@link #MAX_BYTES}; nothing else for any content
   * @throws NullPointerException if {@code file} is null
   */
  public static Policy parse(Path file) {
    Problems problems = new Problems(file.toString());
    byte[] bytes = BoundedFile.read(file, MAX_BYTES, "policy", problems);
    return parse(file.toString(), bytes);
  }

  /**
   * Reads the policy in {@code bytes}, exactly as a file held them, naming it in messages as {@code fileName}.
   *
   * @throws ManifestException if the policy is invalid, not UTF-8 or larger than {@link #MAX_BYTES};
   *                           nothing else for any content
   * @throws NullPointerException if an argument is null
   */
  public static Policy parse(String fileName, byte[] bytes) {
    Problems problems = new Problems(fileName);
    if (bytes.length > MAX_BYTES) {
      problems.add(problems.at(1, 1), "", "the policy is larger than " + MAX_BYTES + " bytes; a policy is a few"
          + " lines of rules: check that this is the policy file");
      problems.throwIfAny();
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      problems.add(problems.at(1, 1), "", "the policy is not UTF-8; save the file as UTF-8");
      throw problems.rejection(e);
    }
    return parse(fileName, text);
  }

  /**
   * Reads the policy in {@code text}, naming it in messages as {@code fileName}.
   *
   * @throws ManifestException if the policy is invalid; nothing else for any text
   * @throws NullPointerException if an argument is null
   */
  public static Policy parse(String fileName, String text) {
    Problems problems = new Problems(fileName);
    return PolicyReader.read(YamlReader.read(text, problems), problems, fileName);
  }
}
