package dev.scalpel.engine;

/** Where the engine reports what happens after an apply returns: a class that loads later, a link that fails. */
public interface Reporter {

  /** A change worth telling the operator: a pending patch became active. */
  void info(String message);

  /** A failure: a patch that cannot apply, a transformation error. */
  void error(String message);
}
