package dev.scalpel.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The classes of an executable fat jar as its launcher's class loader sees them: a Spring Boot jar
 * ({@code BOOT-INF/classes/} and the jars nested in {@code BOOT-INF/lib/}, or the folders its
 * manifest names in {@code Spring-Boot-Classes} and {@code Spring-Boot-Lib}) or war
 * ({@code WEB-INF/classes/}, {@code WEB-INF/lib/}). A plain jar is not one: {@link #of} says so.
 *
 * <p>Nested jars are read into memory the first time a class is looked for in them, in the order
 * the jar lists them, and only their class files are kept. Reading loads no class.
 */
final class ExecutableJar implements ClassFileLocator {

  private static final String CLASS = ".class";

  private final JarFile jar;
  private final String classes;
  private final List<JarEntry> libraries;
  private final Map<String, Map<String, byte[]>> opened = new HashMap<>();

  private ExecutableJar(JarFile jar, String classes, List<JarEntry> libraries) {
    this.jar = jar;
    this.classes = classes;
    this.libraries = libraries;
  }

  /**
   * The jar at {@code file} as an executable fat jar, or empty if it is an ordinary jar (whose
   * classes sit at its root).
   *
   * @throws IOException if the file cannot be read as a jar
   */
  static Optional<ClassFileLocator> of(Path file) throws IOException {
    JarFile jar = new JarFile(file.toFile(), false);
    String[] layout = layout(jar);
    if (layout == null) {
      jar.close();
      return Optional.empty();
    }
    List<JarEntry> libraries = new ArrayList<>();
    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
      JarEntry entry = e.nextElement();
      String name = entry.getName();
      if (name.startsWith(layout[1]) && name.endsWith(".jar") && name.indexOf('/', layout[1].length()) < 0) {
        libraries.add(entry);
      }
    }
    return Optional.of(new ExecutableJar(jar, layout[0], libraries));
  }

  // Its classes folder and its library folder, or null for an ordinary jar.
  private static String[] layout(JarFile jar) throws IOException {
    java.util.jar.Manifest manifest = jar.getManifest();
    Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
    String classes = main.getValue("Spring-Boot-Classes");
    String lib = main.getValue("Spring-Boot-Lib");
    if (classes != null || lib != null) {
      return new String[] {folder(classes, "BOOT-INF/classes/"), folder(lib, "BOOT-INF/lib/")};
    }
    // Without the attributes, the folders themselves tell; a zip need not list folders as entries.
    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
      String name = e.nextElement().getName();
      for (String root : List.of("BOOT-INF/", "WEB-INF/")) {
        if (name.startsWith(root + "classes/") || name.startsWith(root + "lib/")) {
          return new String[] {root + "classes/", root + "lib/"};
        }
      }
    }
    return null;
  }

  private static String folder(String value, String otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    return value.endsWith("/") ? value : value + "/";
  }

  @Override
  public Resolution locate(String name) throws IOException {
    String path = name.replace('.', '/') + CLASS;
    JarEntry own = jar.getJarEntry(classes + path);
    if (own != null) {
      try (InputStream in = jar.getInputStream(own)) {
        return new Resolution.Explicit(in.readAllBytes());
      }
    }
    for (JarEntry library : libraries) {
      byte[] bytes = classesOf(library).get(path);
      if (bytes != null) {
        return new Resolution.Explicit(bytes);
      }
    }
    return new Resolution.Illegal(name);
  }

  private Map<String, byte[]> classesOf(JarEntry library) throws IOException {
    Map<String, byte[]> found = opened.get(library.getName());
    if (found == null) {
      found = new HashMap<>();
      byte[] bytes;
      try (InputStream in = jar.getInputStream(library)) {
        bytes = in.readAllBytes();
      }
      try (JarInputStream nested = new JarInputStream(new ByteArrayInputStream(bytes), false)) {
        for (JarEntry e = nested.getNextJarEntry(); e != null; e = nested.getNextJarEntry()) {
          if (e.getName().endsWith(CLASS) && !e.getName().startsWith("META-INF/")) {
            found.putIfAbsent(e.getName(), nested.readAllBytes());
          }
        }
      }
      opened.put(library.getName(), found);
    }
    return found;
  }

  @Override
  public void close() throws IOException {
    jar.close();
  }
}
