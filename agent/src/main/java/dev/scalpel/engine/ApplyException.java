package dev.scalpel.engine;

import java.util.List;

/**
 * A manifest was refused: nothing of it was applied and the running patches are as they were.
 * Each problem reads {@code file:line:column: patch 'ID': what is wrong}.
 */
public final class ApplyException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  ApplyException(String source, List<String> problems) {
    super("manifest " + source + " rejected, nothing applied:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, one line each. */
  public List<String> problems() {
    return problems;
  }
}
