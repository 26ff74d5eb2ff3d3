package dev.scalpel.audit;

import dev.scalpel.dsl.Governance;
import dev.scalpel.dsl.Patch;

/**
 * What one audit record says happened; the log adds the sequence number, time, process and chain.
 *
 * @param event          {@code agent-started}, {@code manifest-applied}, {@code manifest-rejected},
 *                       {@code patch-activated}, {@code patch-rolled-back}, {@code patch-expired}, ...
 * @param patchId        the patch concerned, or null for the manifest or the agent
 * @param manifestSha256 the manifest's hash, or null
 * @param jarSha256      the patch jar's hash, or null
 * @param governance     the patch's ticket, author, reason and approver ({@link Governance#NONE} if none)
 * @param outcome        {@code ok} or {@code refused} or {@code failed}
 * @param error          why it was refused or failed, or null
 */
public record AuditEvent(String event, String patchId, String manifestSha256, String jarSha256, Governance governance,
    String outcome, String error) {

  /** An event about the agent or a manifest as a whole. */
  public static AuditEvent of(String event, String manifestSha256, String outcome, String error) {
    return new AuditEvent(event, null, manifestSha256, null, Governance.NONE, outcome, error);
  }

  /** An event about one patch. */
  public static AuditEvent of(String event, Patch patch, String manifestSha256, String jarSha256, String outcome,
      String error) {
    return new AuditEvent(event, patch.id(), manifestSha256, jarSha256, patch.governance(), outcome, error);
  }

  String ticket() {
    return governance.ticket().orElse(null);
  }

  String author() {
    return governance.author().orElse(null);
  }

  String reason() {
    return governance.reason().orElse(null);
  }

  String approvedBy() {
    return governance.approvedBy().orElse(null);
  }

}
