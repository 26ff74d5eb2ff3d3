package dev.scalpel.testapps.targets;

import java.util.List;

/** A {@code void} method whose only effect is on its argument. */
public final class Journal {

  private Journal() {}

  /** Appends {@code entry} to {@code log}. */
  public static void record(List<String> log, String entry) {
    log.add(entry);
  }
}
