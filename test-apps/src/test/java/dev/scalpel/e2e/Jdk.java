package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An installed JDK (or JRE) that the end-to-end tests start programs with.
 *
 * @param home    its real java home, symlinks resolved
 * @param version its {@code JAVA_VERSION} from the home's {@code release} file, or {@code unknown}
 */
record Jdk(Path home, String version) {

  /** The JDK at {@code home}, if it has a java launcher. */
  static Optional<Jdk> at(Path home) {
    if (launcherIn(home).isEmpty()) {
      return Optional.empty();
    }
    try {
      Path real = home.toRealPath();
      return Optional.of(new Jdk(real, readVersion(real)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve java home " + home, e);
    }
  }

  /** The {@code java} launcher. */
  Path java() {
    return launcherIn(home).orElseThrow(() -> new IllegalStateException("No bin/java in " + home));
  }

  @Override
  public String toString() {
    return "JDK " + version;
  }

  private static Optional<Path> launcherIn(Path home) {
    for (String name : new String[] {"java", "java.exe"}) {
      Path launcher = home.resolve("bin").resolve(name);
      if (Files.isRegularFile(launcher)) {
        return Optional.of(launcher);
      }
    }
    return Optional.empty();
  }

  private static String readVersion(Path home) throws IOException {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return "unknown";
    }
    return Files.readAllLines(release).stream()
        .filter(line -> line.startsWith("JAVA_VERSION="))
        .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
        .findFirst()
        .orElse("unknown");
  }
}
