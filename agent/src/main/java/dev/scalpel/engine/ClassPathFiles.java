package dev.scalpel.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The class files of a class path given to {@code scalpel validate}, outside any JVM to patch. Kept
 * apart from the agent's own sources of class files so that the agent's start-up never loads Byte
 * Buddy's locators for folders and jars.
 */
final class ClassPathFiles {

  private ClassPathFiles() {}

  /**
   * The JDK's bootstrap classes first, as class loaders delegate (an application cannot redefine
   * them), then each entry in order: a folder, a jar, or an executable fat jar ({@link ExecutableJar}).
   *
   * @throws IllegalArgumentException naming an entry that cannot be read
   */
  static ClassFiles of(List<Path> classpath) {
    List<ClassFiles> parts = new ArrayList<>();
    parts.add(ClassFiles.of(null));
    for (Path entry : classpath) {
      try {
        ClassFileLocator locator;
        if (Files.isDirectory(entry)) {
          locator = new ClassFileLocator.ForFolder(entry.toFile());
        } else {
          locator = ExecutableJar.of(entry).orElse(ClassFileLocator.ForJarFile.of(entry.toFile()));
        }
        parts.add(new ClassFiles.OfLocator(locator));
      } catch (IOException e) {
        throw new IllegalArgumentException("class path entry " + entry + " cannot be read: " + e.getMessage(), e);
      }
    }
    return new ClassFiles.Compound(parts);
  }
}
