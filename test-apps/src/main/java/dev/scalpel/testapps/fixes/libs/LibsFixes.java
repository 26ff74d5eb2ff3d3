package dev.scalpel.testapps.fixes.libs;

import dev.scalpel.testapps.libs.Report;

/** The hotfix for the libs app's own code. */
public final class LibsFixes {

  private LibsFixes() {}

  /** Replaces {@link Report#title()}. */
  public static String title() {
    return "libraries report, final";
  }
}
