package dev.scalpel.bench.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rewrites the compiled legacy calculators to the class file versions of old compilers:
 * {@code Java13Calculator} to 47 (Java 1.3), {@code Java5Calculator} to 49 (Java 5). Their
 * sources keep to what those versions can hold; a stack map table, which versions before 50 do
 * not know, is ignored by the JVM. Run by the build before the benchmark jar is packed.
 */
public final class OldClassFiles {

  private static final Map<String, Integer> VERSIONS = Map.of(
      "dev/scalpel/bench/app/legacy/Java13Calculator.class", 47,
      "dev/scalpel/bench/app/legacy/Java5Calculator.class", 49);

  private OldClassFiles() {}

  /** {@code OldClassFiles CLASSES_DIR}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: OldClassFiles CLASSES_DIR");
    }
    for (Map.Entry<String, Integer> e : VERSIONS.entrySet()) {
      Path file = Path.of(args[0]).resolve(e.getKey());
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < 8 || (bytes[0] & 0xff) != 0xca || (bytes[1] & 0xff) != 0xfe) {
        throw new IllegalStateException(file + " is not a class file");
      }
      bytes[6] = (byte) (e.getValue() >>> 8);
      bytes[7] = (byte) (int) e.getValue();
      Files.write(file, bytes);
    }
  }
}
