package dev.scalpel.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Where class files come from, by binary class name ({@code a.Outer$Inner}). Finding one reads
 * bytes only: no class is loaded or initialized, so checking a patch cannot change the application.
 */
interface ClassFiles {

  /**
   * The class file of {@code className}, or null if this source has none.
   *
   * @throws IOException if the source has the class file but cannot read it
   */
  byte[] find(String className) throws IOException;

  /** The class files {@code loader} serves as resources; null stands for the bootstrap loader. */
  static ClassFiles of(ClassLoader loader) {
    return loader == null ? Boot.INSTANCE : new OfLoader(loader);
  }

  /**
   * The class files a class loader serves: {@code getResourceAsStream("a/Outer$Inner.class")}, which
   * asks its parents first as loading would. A {@code .class} resource is never encapsulated in a
   * named module, so the JDK's classes are found through any loader that delegates to theirs.
   */
  final class OfLoader implements ClassFiles {
    private final ClassLoader loader;

    OfLoader(ClassLoader loader) {
      this.loader = loader;
    }

    @Override
    public byte[] find(String className) throws IOException {
      try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
        return in == null ? null : in.readAllBytes();
      }
    }
  }

  /**
   * The class files of the bootstrap loader only (its modules and {@code -Xbootclasspath/a}), not
   * those of the platform or application loaders: a loader without a parent asks the bootstrap
   * loader for resources and finds none of its own.
   */
  final class Boot {
    static final ClassFiles INSTANCE = new OfLoader(new BootResources());

    private Boot() {}

    private static final class BootResources extends ClassLoader {
      BootResources() {
        super("scalpel-boot-class-files", null);
      }
    }
  }

  /** Class files held in memory by binary name, such as a verified patch jar's. */
  final class InMemory implements ClassFiles {
    private final Map<String, byte[]> classes;

    /** @param classes binary name to class file; kept, not copied: the caller must not change it */
    InMemory(Map<String, byte[]> classes) {
      this.classes = classes;
    }

    @Override
    public byte[] find(String className) {
      return classes.get(className);
    }
  }

  /** Each source in turn; the first that has the class file wins. */
  final class Compound implements ClassFiles {
    private final List<ClassFiles> sources;

    Compound(List<ClassFiles> sources) {
      this.sources = List.copyOf(sources);
    }

    @Override
    public byte[] find(String className) throws IOException {
      for (ClassFiles source : sources) {
        byte[] found = source.find(className);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
  }

  /** The class files of one of Byte Buddy's locators (a folder, a jar, an executable fat jar). */
  final class OfLocator implements ClassFiles {
    private final ClassFileLocator locator;

    OfLocator(ClassFileLocator locator) {
      this.locator = locator;
    }

    @Override
    public byte[] find(String className) throws IOException {
      ClassFileLocator.Resolution r = locator.locate(className);
      return r.isResolved() ? r.resolve() : null;
    }
  }
}
