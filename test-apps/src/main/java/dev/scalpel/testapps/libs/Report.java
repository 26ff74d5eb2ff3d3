package dev.scalpel.testapps.libs;

/** The libs app's own code, of which one method is patched while the libraries run untouched. */
public final class Report {

  private Report() {}

  /** The report's title. */
  public static String title() {
    return "libraries report, draft";
  }
}
