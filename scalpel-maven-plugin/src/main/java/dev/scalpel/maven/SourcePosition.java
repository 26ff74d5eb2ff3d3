package dev.scalpel.maven;

/**
 * Where an annotated method is written, as far as its class file tells: the source file's path
 * under the source root, the line of the method's first statement (0 when the class was compiled
 * without line numbers), and the method.
 *
 * @param sourcePath the source file under its source root, {@code com/acme/hotfix/PriceFixes.java}
 * @param line       the method's first line in the class file's line number table, or 0
 * @param className  the binary name of the declaring class
 * @param methodName the method's name
 */
record SourcePosition(String sourcePath, int line, String className, String methodName) {

  /** {@code com/acme/hotfix/PriceFixes.java:12: com.acme.hotfix.PriceFixes#total}, as compilers locate errors. */
  @Override
  public String toString() {
    return sourcePath + (line > 0 ? ":" + line : "") + ": " + className + "#" + methodName;
  }
}
