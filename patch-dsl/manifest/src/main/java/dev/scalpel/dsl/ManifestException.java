package dev.scalpel.dsl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest was rejected: the only exception that parsing or building a manifest throws for bad
 * input. It lists every problem found, ordered by position, and nothing of the manifest applies.
 */
public final class ManifestException extends IllegalArgumentException {

  @java.io.Serial
  private static final long serialVersionUID = 1L;

  // Not serialized: the message already lists every problem.
  private final transient List<Problem> problems;

  /**
   * A rejection for these problems.
   *
   * @param problems what is wrong, at least one
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public ManifestException(List<Problem> problems) {
    this(problems, null);
  }

  ManifestException(List<Problem> problems, Throwable cause) {
    super(join(problems), cause);
    this.problems = List.copyOf(problems);
  }

  private static String join(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a manifest is rejected for at least one problem; none given");
    }
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /**
   * The problems, ordered by position; empty only for an exception that went through Java
   * serialization, whose message still lists them.
   */
  public List<Problem> problems() {
    return problems == null ? List.of() : problems;
  }
}
