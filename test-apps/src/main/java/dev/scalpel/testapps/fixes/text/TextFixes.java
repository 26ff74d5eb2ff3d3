package dev.scalpel.testapps.fixes.text;

import dev.scalpel.api.Original;
import dev.scalpel.testapps.text.Slugifier;
import dev.scalpel.testapps.text.Truncate;

/** Hotfixes for the text utilities. */
public final class TextFixes {

  private static final String ELLIPSIS = "...";

  private TextFixes() {}

  /** Replaces {@link Truncate#ellipsize(String, int)}, cutting where the limit says. */
  public static String ellipsize(String text, int maxLength) {
    if (text.length() <= maxLength) {
      return text;
    }
    return text.substring(0, maxLength - ELLIPSIS.length()) + ELLIPSIS;
  }

  /**
   * Replaces {@link Slugifier#slugify(String)}: runs the original once and removes the trailing
   * separator it leaves.
   */
  public static String slugify(Slugifier self, String title) {
    String slug = Original.call(() -> self.slugify(title));
    return slug.replaceFirst("[^a-z0-9]+$", "");
  }
}
