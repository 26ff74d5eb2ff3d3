package dev.scalpel.dsl;

/**
 * A place in a manifest file, 1-based, as printed in error messages ({@code file:line:column}).
 *
 * @param file   the file name as the user gave it
 * @param line   1-based line
 * @param column 1-based column
 */
public record Location(String file, int line, int column) {

  /** The location of the first character of {@code file}. */
  public static Location start(String file) {
    return new Location(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
