package dev.scalpel.engine;

import dev.scalpel.dsl.Patch;

/** Where the engine reports what happens after an apply returns: a class that loads later, a link that fails. */
public interface Reporter {

  /** A change worth telling the operator. */
  void info(String message);

  /** A failure: a transformation error, a patch that cannot apply. */
  void error(String message);

  /** A pending patch's class loaded and now holds its prologue. */
  default void patchInstalled(Patch patch, String jarSha256, String where) {
    info("patch '" + patch.id() + "' active in " + where);
  }

  /** A patch failed after its apply, when a class loaded or a site linked; it runs the original code. */
  default void patchFailed(Patch patch, String jarSha256, String problem) {
    error("patch '" + patch.id() + "': " + problem);
  }
}
