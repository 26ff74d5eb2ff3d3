package dev.scalpel.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JDKs the end-to-end tests run on: every JDK installed next to the one running the tests
 * (the sibling directories of its java home that hold {@code bin/java}), each once however many
 * symlinks name it; or exactly the java homes listed in the system property {@value #PROPERTY},
 * separated by the platform's path separator.
 */
final class Jdks {

  /** Overrides discovery: java homes separated by {@link File#pathSeparator}. */
  static final String PROPERTY = "scalpel.jdks";

  private static List<Jdk> installed;

  private Jdks() {}

  /** The JDKs to test on, discovered once per test JVM; the source of {@link AcrossJdks}. */
  static synchronized List<Jdk> installed() {
    if (installed == null) {
      String listed = System.getProperty(PROPERTY, "");
      installed = listed.isBlank()
          ? besides(Path.of(System.getProperty("java.home")))
          : listed(listed);
    }
    return installed;
  }

  /** The JDKs in the directory that holds {@code javaHome}, including {@code javaHome} itself. */
  static List<Jdk> besides(Path javaHome) {
    Path parent = javaHome.toAbsolutePath().getParent();
    List<Path> candidates = new ArrayList<>();
    candidates.add(javaHome);
    try (Stream<Path> children = Files.list(parent)) {
      children.filter(Files::isDirectory).forEach(candidates::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the JDKs in " + parent, e);
    }
    Map<Path, Jdk> byRealHome = new LinkedHashMap<>();
    candidates.stream()
        .flatMap(home -> Jdk.at(home).stream())
        .forEach(jdk -> byRealHome.putIfAbsent(jdk.home(), jdk));
    return byRealHome.values().stream().sorted(Comparator.comparing(Jdk::home)).toList();
  }

  /** The JDKs at the given java homes, in order, each once. */
  static List<Jdk> listed(String homes) {
    Map<Path, Jdk> byRealHome = new LinkedHashMap<>();
    for (String home : homes.split(File.pathSeparator)) {
      if (home.isBlank()) {
        continue;
      }
      Jdk jdk = Jdk.at(Path.of(home.strip())).orElseThrow(() -> new IllegalArgumentException(
          PROPERTY + " lists " + home + ", which has no bin/java; list java homes"));
      byRealHome.putIfAbsent(jdk.home(), jdk);
    }
    if (byRealHome.isEmpty()) {
      throw new IllegalArgumentException(PROPERTY + " is '" + homes + "', which lists no java home");
    }
    return List.copyOf(byRealHome.values());
  }
}
