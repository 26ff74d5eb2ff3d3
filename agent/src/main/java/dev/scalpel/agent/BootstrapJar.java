package dev.scalpel.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the dispatcher and the fix API on the bootstrap class path, so that every class loader,
 * the JDK's included, links patched methods to one shared dispatcher and fixes to one shared API.
 * The classes are read as resources, never loaded, before they go there: loaded first by the
 * agent's own loader they would exist twice.
 */
final class BootstrapJar {

  /** Exactly the classes that go on the bootstrap class path: java.* dependencies only. */
  static final List<String> CLASSES = List.of(
      "dev/scalpel/bootstrap/Dispatcher",
      "dev/scalpel/bootstrap/Dispatcher$Linker",
      "dev/scalpel/api/Original",
      "dev/scalpel/api/Original$Call",
      "dev/scalpel/api/Original$Run");

  private BootstrapJar() {}

  /** Writes the bootstrap classes into a temporary jar and appends it to the bootstrap class path. */
  static void inject(Instrumentation instrumentation) throws IOException {
    Path jar = Files.createTempFile("scalpel-bootstrap-", ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      ClassLoader own = BootstrapJar.class.getClassLoader();
      for (String name : CLASSES) {
        String resource = name + ".class";
        try (InputStream in = own.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IOException("the agent jar lacks " + resource);
          }
          out.putNextEntry(new ZipEntry(resource));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
  }
}
