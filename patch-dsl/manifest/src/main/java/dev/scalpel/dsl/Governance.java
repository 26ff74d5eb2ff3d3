package dev.scalpel.dsl;

import java.time.Instant;
import java.util.Optional;

/**
 * Who asked for a patch, why, and until when: copied into every audit record about it.
 *
 * @param ticket     the ticket the patch answers
 * @param author     who wrote it
 * @param reason     why it exists
 * @param approvedBy who approved it
 * @param expires    after this instant the patch stops applying
 */
public record Governance(Optional<String> ticket, Optional<String> author, Optional<String> reason,
    Optional<String> approvedBy, Optional<Instant> expires) {

  /** No governance metadata at all. */
  public static final Governance NONE = new Governance(
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
