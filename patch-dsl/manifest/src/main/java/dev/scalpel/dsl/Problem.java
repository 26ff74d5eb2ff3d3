package dev.scalpel.dsl;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a manifest: where it is, which patch it belongs to, and what to write
 * instead.
 *
 * @param location where the problem is, 1-based
 * @param patchId  the id of the patch the problem is in, or empty when it is not inside a patch
 *                 (or the patch has no valid id); {@code null} is read as empty
 * @param message  what is wrong and, where there is something to say, what to write instead
 */
public record Problem(Location location, String patchId, String message) {

  /** Orders problems by line, then column; problems at the same place keep their order. */
  static final Comparator<Problem> BY_POSITION =
      Comparator.comparingInt((Problem p) -> p.location().line()).thenComparingInt(p -> p.location().column());

  /**
   * A problem.
   *
   * @throws NullPointerException if {@code location} or {@code message} is null
   */
  public Problem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    patchId = patchId == null ? "" : patchId;
  }

  /**
   * {@code file:line:column: patch 'ID': message}, or {@code file:line:column: message} when the
   * problem is not inside a patch with a valid id.
   */
  @Override
  public String toString() {
    return location + ": " + (patchId.isEmpty() ? "" : "patch '" + patchId + "': ") + message;
  }
}
