package dev.scalpel.testapps.legacy;

/**
 * The source of a class file older than Java 7. The tests rewrite its compiled form to class
 * file version 47 (Java 1.3), which cannot hold {@code invokedynamic}, so its bytecode must mean
 * the same there: no string concatenation (javac compiles it to {@code invokedynamic}), no
 * lambdas, no nested classes, and no branches, which keeps it trivially verifiable by the old
 * type-inferring verifier.
 */
public final class Legacy {

  private Legacy() {}

  /** {@code 3 * x}. */
  public static int triple(int x) {
    return 3 * x;
  }
}
