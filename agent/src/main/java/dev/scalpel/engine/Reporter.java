package dev.scalpel.engine;

import dev.scalpel.dsl.Patch;

/** Where the engine reports what happens after an apply returns: a class that loads later, a link that fails. */
public interface Reporter {

  /** A change worth telling the operator. */
  void info(String message);

  /** A failure: a transformation error, a patch that cannot apply. */
  void error(String message);

  /**
   * A class loaded after its patch applied and now holds the patch's prologue.
   *
   * @param where the class and its loader
   * @param state the patch's state now: {@code active}, or {@code shadow} for a patch in shadow mode
   */
  default void patchInstalled(Patch patch, String jarSha256, String where, String state) {
    info("patch '" + patch.id() + "' " + state + " in " + where);
  }

  /** A patch failed after its apply, when a class loaded or a site linked; it runs the original code. */
  default void patchFailed(Patch patch, String jarSha256, String problem) {
    error("patch '" + patch.id() + "': " + problem);
  }
}
