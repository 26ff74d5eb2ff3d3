package dev.scalpel.bench.live;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a JVM as large as a big application: loads (without initializing) the JDK's own classes,
 * module by module, until the JVM holds the wanted number of loaded classes.
 */
final class ClassFlood {

  private static final List<String> MODULES = List.of("java.base", "java.desktop", "java.xml", "jdk.compiler",
      "java.management", "jdk.jfr", "java.sql", "java.naming", "jdk.internal.vm.compiler", "jdk.localedata",
      "java.xml.crypto", "jdk.jshell", "jdk.javadoc", "java.net.http", "jdk.httpserver");

  private ClassFlood() {}

  /** Loads JDK classes until at least {@code wanted} classes are loaded; returns the loaded count. */
  static int fill(int wanted) throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    for (String module : MODULES) {
      Path root = jrt.getPath("/modules", module);
      if (loaded() >= wanted || !Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = root.relativize(file).toString();
          if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
            continue;
          }
          try {
            Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
          } catch (ClassNotFoundException | LinkageError e) {
            // A class that cannot load on this JDK or platform does not count; the next one will.
          }
          if (loaded() >= wanted) {
            break;
          }
        }
      }
    }
    return loaded();
  }

  static int loaded() {
    return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
  }
}
