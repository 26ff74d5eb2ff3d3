package dev.scalpel.testapps.text;

/** Shortens text for narrow columns. */
public final class Truncate {

  private static final String ELLIPSIS = "...";

  private Truncate() {}

  /**
   * {@code text} itself if it fits in {@code maxLength} characters, otherwise its start followed
   * by {@code "..."}, {@code maxLength} characters in all.
   *
   * <p>The bug: the cut leaves room for one character more than the ellipsis takes, so a
   * shortened text comes out one character shorter than the limit.
   */
  public static String ellipsize(String text, int maxLength) {
    if (text.length() <= maxLength) {
      return text;
    }
    return text.substring(0, maxLength - ELLIPSIS.length() - 1) + ELLIPSIS;
  }
}
