package dev.scalpel.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/** Builds patch jars from test classes. */
final class PatchJars {

  private PatchJars() {}

  static Path of(Path file, Class<?>... classes) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Class<?> c : classes) {
        String name = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
          jar.putNextEntry(new ZipEntry(name));
          in.transferTo(jar);
          jar.closeEntry();
        }
      }
    }
    return file;
  }

  static String sha256(Path file) throws IOException {
    return Sha256.hex(Files.readAllBytes(file));
  }
}
