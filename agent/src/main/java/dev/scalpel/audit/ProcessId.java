package dev.scalpel.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's id, the one {@code ProcessHandle.current().pid()} gives (its id in its own process
 * namespace), read from {@code /proc/self}: the last id of the {@code NSpid:} line of its status,
 * or, on a kernel without that line, the id {@code /proc/self} links to. Where there is no
 * {@code /proc}, {@code ProcessHandle} answers. The first use of {@code ProcessHandle} in a JVM
 * costs 13 to 22 ms (its class sets up the thread pool that reaps child processes), on the path of
 * the agent's start; this read costs about 0.1 ms.
 */
public final class ProcessId {

  private static final Path SELF = Path.of("/proc/self");
  // A status file is about 1.5 KB.
  private static final int MAX_STATUS = 64 * 1024;

  private ProcessId() {}

  /** This process's id in its own process namespace. */
  public static long current() {
    return Holder.PID;
  }

  /**
   * The last id on the {@code NSpid:} line of a {@code /proc/PID/status} text, or {@code pid} where
   * there is no such line (a kernel before 4.1). Split by hand: a regular expression here costs the
   * command line more start-up than the whole exchange with the agent.
   *
   * @throws NumberFormatException if the id found is not a number
   */
  public static long namespacePid(String status, String pid) {
    int at = status.startsWith("NSpid:") ? 0 : status.indexOf("\nNSpid:");
    if (at < 0) {
      return Long.parseLong(pid);
    }
    int from = status.indexOf(':', at) + 1;
    int end = status.indexOf('\n', from);
    String ids = status.substring(from, end < 0 ? status.length() : end).strip();
    int last = ids.length();
    while (last > 0 && !Character.isWhitespace(ids.charAt(last - 1))) {
      last--;
    }
    return Long.parseLong(ids.substring(last));
  }

  // Read once, when first asked.
  private static final class Holder {
    static final long PID = read();

    private static long read() {
      try (InputStream in = Files.newInputStream(SELF.resolve("status"))) {
        String status = new String(in.readNBytes(MAX_STATUS), StandardCharsets.UTF_8);
        return namespacePid(status, Files.readSymbolicLink(SELF).toString());
      } catch (IOException | RuntimeException e) {
        // No /proc here, or not Linux's.
        return ProcessHandle.current().pid();
      }
    }
  }
}
