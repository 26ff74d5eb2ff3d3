package dev.scalpel.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

/**
 * A patch jar read once into memory and checked against its expected SHA-256. Classes are
 * defined from these verified bytes, never from the file again, so replacing the file after the
 * check changes nothing; and a class the jar holds always comes from the jar, never from the
 * target's loader, so a class of the same name on the application's class path cannot stand in
 * for the verified one ({@code FixJarTest#newLoader_jarClassOnParentToo_definesTheJarsBytes}).
 */
final class FixJar {

  private static final byte[] ZIP_ENTRY_MAGIC = {'P', 'K', 3, 4};
  private static final byte[] ORIGINAL_API = "dev/scalpel/api/Original".getBytes(StandardCharsets.UTF_8);

  private final Path path;
  private final String sha256;
  private final Map<String, byte[]> classes;
  private final boolean callsOriginal;

  private FixJar(Path path, String sha256, Map<String, byte[]> classes) {
    this.path = path;
    this.sha256 = sha256;
    this.classes = Map.copyOf(classes);
    this.callsOriginal = anyMentionsOriginalApi(this.classes);
  }

  /**
   * Reads and verifies a patch jar.
   *
   * @throws IllegalArgumentException naming the jar and what is wrong: missing, unreadable, a
   *                                  hash other than {@code expectedSha256}, or not a jar at all
   */
  static FixJar load(Path path, String expectedSha256) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("fix jar " + path + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("fix jar " + path + " cannot be read: " + e, e);
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw new IllegalArgumentException("fix jar " + path + " has sha256 " + actual
          + " but the manifest expects " + expectedSha256 + ": rebuild the manifest entry from the jar you mean to ship");
    }
    if (!startsWith(bytes, ZIP_ENTRY_MAGIC)) {
      throw new IllegalArgumentException("fix jar " + path + " is not a jar file"
          + ": point 'jar' at the jar built from the fix's classes");
    }
    Map<String, byte[]> classes = new HashMap<>();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String name = e.getName();
        if (!e.isDirectory() && name.endsWith(".class") && !name.endsWith("module-info.class")
            && !name.startsWith("META-INF/")) {
          classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("fix jar " + path + " is not a readable jar: " + e, e);
    }
    return new FixJar(path, actual, classes);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static boolean anyMentionsOriginalApi(Map<String, byte[]> classes) {
    for (byte[] classFile : classes.values()) {
      if (mentionsOriginalApi(classFile)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentionsOriginalApi(byte[] classFile) {
    outer:
    for (int i = 0; i + ORIGINAL_API.length <= classFile.length; i++) {
      for (int j = 0; j < ORIGINAL_API.length; j++) {
        if (classFile[i + j] != ORIGINAL_API[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  Path path() {
    return path;
  }

  String sha256() {
    return sha256;
  }

  boolean contains(String className) {
    return classes.containsKey(className);
  }

  /** Whether any class of the jar refers to the fix API's {@code Original}. */
  boolean callsOriginal() {
    return callsOriginal;
  }

  /** The jar's class files, for checking them without loading them. */
  ClassFiles classFiles() {
    return new ClassFiles.InMemory(classes);
  }

  /**
   * A new loader of the jar's classes whose parent is the patched class's loader: the jar's own
   * classes come from its verified bytes even where the parent has a class of the same name;
   * every other class (the application's, the JDK's, the fix API) comes from the parent.
   */
  ClassLoader newLoader(ClassLoader parent) {
    return new FixClassLoader(parent, path, classes);
  }

  /**
   * Defines a patch jar's classes from its verified bytes, child-first for those names only; asks
   * its parent (the target's loader) for every other class, and for the fix API even if the jar
   * bundles a copy of it: the agent's copy in the bootstrap class loader is the one the bypass
   * works with.
   */
  static final class FixClassLoader extends ClassLoader {
    private static final String FIX_API_PACKAGE = "dev.scalpel.api.";

    static {
      registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    FixClassLoader(ClassLoader parent, Path jar, Map<String, byte[]> classes) {
      super("scalpel-fix:" + jar.getFileName(), parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      byte[] bytes = name.startsWith(FIX_API_PACKAGE) ? null : classes.get(name);
      if (bytes == null) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = defineClass(name, bytes, 0, bytes.length);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
