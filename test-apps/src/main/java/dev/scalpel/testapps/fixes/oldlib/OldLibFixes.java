package dev.scalpel.testapps.fixes.oldlib;

import dev.scalpel.api.Original;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.lang.SerializationUtils;

/** Hotfixes for Apache Commons Lang 2.4, a library compiled for Java 1.2. */
public final class OldLibFixes {

  private OldLibFixes() {}

  /** Replaces {@code StringUtils#abbreviate(String, int)}: cuts at the limit and marks it with one {@code ~}. */
  public static String abbreviate(String text, int maxWidth) {
    if (text == null || text.length() <= maxWidth) {
      return text;
    }
    return text.substring(0, maxWidth - 1) + "~";
  }

  /**
   * Replaces {@code SerializationUtils#deserialize(InputStream)}, a method with a subroutine: runs
   * the original, and upper-cases a string it read.
   */
  public static Object deserialize(InputStream in) {
    Object read = Original.call(() -> SerializationUtils.deserialize(in));
    return read instanceof String s ? s.toUpperCase(Locale.ROOT) : read;
  }
}
