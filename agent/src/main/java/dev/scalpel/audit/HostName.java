package dev.scalpel.audit;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The host name written into audit records, found without a name service: the agent may start
 * in {@code premain}, where a DNS lookup on a slow resolver would stall the application's start.
 */
final class HostName {

  /** What the name is when no source gives one. */
  static final String UNKNOWN = "unknown";

  // The kernel's name first (what InetAddress.getLocalHost().getHostName() starts from), then what
  // shells and container runtimes export, then the file the system sets it from at boot.
  private static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");
  private static final Path BOOT = Path.of("/etc/hostname");
  private static final List<String> VARIABLES = List.of("HOSTNAME", "COMPUTERNAME");
  private static final int MAX_BYTES = 255;

  private HostName() {}

  /** This machine's host name, or {@link #UNKNOWN}; never resolves a name and never throws. */
  static String get() {
    // The kernel's name first, as find() would take it, without reading the whole environment:
    // System.getenv() loads the process classes into the application while the agent starts.
    String kernel = read(KERNEL);
    return kernel != null ? kernel : find(System.getenv(), List.of(), List.of(BOOT));
  }

  /**
   * The first non-blank name among {@code first} files, then the environment's {@code HOSTNAME}
   * and {@code COMPUTERNAME}, then {@code last} files; files are read up to 255 bytes and trimmed.
   */
  static String find(Map<String, String> env, List<Path> first, List<Path> last) {
    for (Path file : first) {
      String name = read(file);
      if (name != null) {
        return name;
      }
    }
    for (String variable : VARIABLES) {
      String name = env.get(variable);
      if (name != null && !name.isBlank()) {
        return name.strip();
      }
    }
    for (Path file : last) {
      String name = read(file);
      if (name != null) {
        return name;
      }
    }
    return UNKNOWN;
  }

  private static String read(Path file) {
    // A FileInputStream rather than Files.newInputStream: the JVM has its classes loaded already.
    try (InputStream in = new FileInputStream(file.toFile())) {
      String name = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).strip();
      return name.isEmpty() ? null : name;
    } catch (IOException | RuntimeException e) {
      // Not there or not readable on this system: the next source may have it.
      return null;
    }
  }
}
