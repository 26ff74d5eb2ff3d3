package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Produces the target zoo's class file older than Java 7: the compiled
 * {@code dev.scalpel.testapps.legacy.Legacy}, whose source keeps to what version 47 can hold,
 * with its major version rewritten to 47 (Java 1.3).
 */
final class LegacyClass {

  static final String NAME = "dev.scalpel.testapps.legacy.Legacy";
  static final int MAJOR_VERSION = 47;

  private static final String FILE = NAME.replace('.', '/') + ".class";

  private LegacyClass() {}

  /** Writes the old class file into a new class path directory under {@code workDir} and returns it. */
  static Path writeClassDir(Path workDir) {
    Path classDir = workDir.resolve("legacy-classes");
    Path target = classDir.resolve(FILE);
    try {
      byte[] bytes = Files.readAllBytes(Artifacts.classesDir().resolve(FILE));
      bytes[6] = (byte) (MAJOR_VERSION >>> 8);
      bytes[7] = (byte) MAJOR_VERSION;
      Files.createDirectories(target.getParent());
      Files.write(target, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the legacy class file " + target, e);
    }
    return classDir;
  }

  /** The class file in a directory written by {@link #writeClassDir}. */
  static Path classFile(Path classDir) {
    return classDir.resolve(FILE);
  }

  /** The major version of a class file. */
  static int majorVersion(Path classFile) {
    try {
      byte[] bytes = Files.readAllBytes(classFile);
      if (bytes.length < 8 || ((bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16
          | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff) != 0xcafebabe) {
        throw new IllegalArgumentException(classFile + " is not a class file");
      }
      return (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + classFile, e);
    }
  }
}
