package dev.scalpel.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the report says about the machine and the JVM it ran on. */
final class Environment {

  private Environment() {}

  /** The processor's model name, where the platform says it. */
  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("processor model unknown");
    } catch (IOException | RuntimeException e) {
      return "processor model unknown";
    }
  }

  /** The JVM's name and full version. */
  static String jdk() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vm.vendor") + ")";
  }
}
