package dev.scalpel.testapps.text;

import java.util.Locale;
import java.util.regex.Matcher;

/** Turns titles into URL path segments. */
public class Slugifier {

  private final String separator;

  /** A slugifier that joins words with {@code separator}. */
  public Slugifier(char separator) {
    this.separator = String.valueOf(separator);
  }

  /**
   * The title in lower case, each run of characters other than ASCII letters and digits replaced
   * by the separator, with no separator at either end.
   *
   * <p>The bug: only a leading separator is removed, so a title that ends in punctuation keeps a
   * trailing one.
   */
  public String slugify(String title) {
    String slug = title.toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", Matcher.quoteReplacement(separator));
    return slug.startsWith(separator) ? slug.substring(separator.length()) : slug;
  }
}
