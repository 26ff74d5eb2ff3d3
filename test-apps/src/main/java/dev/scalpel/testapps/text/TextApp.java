package dev.scalpel.testapps.text;

/**
 * Shortens and slugifies a few titles and prints each result, quoted, with its length where the
 * length is the point. Two bugs show: a shortened title is one character short of its limit, and
 * a title ending in punctuation keeps a trailing {@code -} in its slug.
 */
public final class TextApp {

  private TextApp() {}

  public static void main(String[] args) {
    ellipsize("Scalpel", 10);
    ellipsize("Surgical hotfixes for running JVMs", 16);
    Slugifier slugifier = new Slugifier('-');
    for (String title : new String[] {"Hello, World!", "Rounding: off by a cent?", "already-clean"}) {
      System.out.println("slugify(\"" + title + "\") = \"" + slugifier.slugify(title) + "\"");
    }
  }

  private static void ellipsize(String text, int limit) {
    String result = Truncate.ellipsize(text, limit);
    System.out.println("ellipsize(\"" + text + "\", " + limit + ") = \"" + result + "\" ("
        + result.length() + " chars, limit " + limit + ")");
  }
}
