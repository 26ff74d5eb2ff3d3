package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Texts over an alphabet, for tests that hold a hand-written check against the one it replaced. */
final class TextsOver {

  private TextsOver() {}

  /** Every text of {@code alphabet}'s characters of length 0 to {@code maxLength}, shortest first. */
  static List<String> every(String alphabet, int maxLength) {
    List<String> texts = new ArrayList<>(List.of(""));
    int from = 0;
    for (int length = 1; length <= maxLength; length++) {
      int to = texts.size();
      for (int t = from; t < to; t++) {
        for (int i = 0; i < alphabet.length(); i++) {
          texts.add(texts.get(t) + alphabet.charAt(i));
        }
      }
      from = to;
    }
    return texts;
  }

  /**
   * {@code count} texts of {@code alphabet}'s characters, of length {@code minLength} to
   * {@code minLength + spread - 1}, the same for the same {@code seed}.
   */
  static List<String> random(String alphabet, int count, int minLength, int spread, long seed) {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      StringBuilder text = new StringBuilder();
      int length = minLength + random.nextInt(spread);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      texts.add(text.toString());
    }
    return texts;
  }
}
