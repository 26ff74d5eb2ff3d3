package dev.scalpel.jmx;

/**
 * {@code dev.scalpel:type=Patch,id=ID}: one patch of the running manifest. It shows state and offers
 * rollback; it never applies code.
 */
public interface PatchMXBean {

  /** The patch id. */
  String getId();

  /** active, pending, disabled, expired, rolled-back or failed. */
  String getState();

  /** The target as the manifest wrote it. */
  String getTarget();

  /** Calls that took the action, or -1 if calls are not counted. */
  long getCallsFixed();

  /** Calls an active patch's guard sent to the original code, or -1 if calls are not counted. */
  long getCallsOriginal();

  /** Exceptions out of the action, or -1 if calls are not counted. */
  long getErrorsFixed();

  /** Why the patch failed, or null. */
  String getFailure();

  /** Rolls this patch back (audited as any rollback); returns what happened. */
  String rollback();
}
