package dev.scalpel.dsl;

/** What a declared patch does to calls: its manifest spelling is the lower-case name. */
public enum Mode {
  /** The action applies to the calls that pass the guard and the rollout. */
  ACTIVE,
  /** The original runs and answers; the fix runs after it on the same arguments and is compared. */
  SHADOW,
  /** The patch is declared but inert: every call runs the original code. */
  DISABLED;

  /** The manifest spelling of this mode. */
  public String spelling() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
