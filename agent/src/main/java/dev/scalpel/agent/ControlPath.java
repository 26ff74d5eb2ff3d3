package dev.scalpel.agent;

import dev.scalpel.audit.ProcessId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a running agent's control socket is, derived from what anyone with the JVM's user can read
 * in {@code /proc}, so the command line finds it without the JDK's attach mechanism:
 * {@code /tmp/.scalpel-UID/PID-START}, where UID is the JVM's user id, PID its process id in its
 * own process namespace (1 in many containers) and START its start time in clock ticks since boot
 * (field 22 of {@code /proc/PID/stat}). The start time tells apart two JVMs that had the same
 * process id, one after the other or side by side in two namespaces. The command line reads the
 * path through {@code /proc/PID/root}, as the attach mechanism finds its own socket, and trusts it
 * only when the folder and the socket belong to the JVM's user and the folder is closed to others.
 */
public final class ControlPath {

  /** The folder that holds every user's control folder, in the JVM's own file system. */
  public static final String BASE = "/tmp";

  /** The most bytes read from a {@code /proc} status file: they are a few hundred. */
  private static final int MAX_PROC_FILE = 64 * 1024;

  private ControlPath() {}

  /** {@code /tmp/.scalpel-UID}: the control folder of the user {@code uid}. */
  public static String folder(long uid) {
    return BASE + "/.scalpel-" + uid;
  }

  /** {@code /tmp/.scalpel-UID/PID-START}: the socket of the JVM with those ids. */
  public static String socket(long uid, long pid, long startTicks) {
    return folder(uid) + "/" + pid + "-" + startTicks;
  }

  /**
   * The path of the socket of the process whose {@code /proc} entry is {@code process}, as that
   * process names it.
   *
   * @param nsPid the process's id in its own process namespace
   * @throws IOException if {@code process} cannot be read or its stat line is not one
   */
  public static String of(Path process, long nsPid) throws IOException {
    Object uid = Files.getAttribute(process, "unix:uid");
    return socket(((Number) uid).longValue(), nsPid, startTicks(read(process.resolve("stat"))));
  }

  /** The socket path of this very JVM, or the reason there is none (no {@code /proc} here). */
  static String own() throws IOException {
    return of(Path.of("/proc/self"), ProcessId.current());
  }

  /**
   * The start time in clock ticks from a {@code /proc/PID/stat} line: the 22nd field, counted
   * after the command name in parentheses (which may itself hold spaces and parentheses).
   *
   * @throws IOException naming the line if it has no such field
   */
  public static long startTicks(String statLine) throws IOException {
    int close = statLine.lastIndexOf(')');
    String[] fields = statLine.substring(close + 1).trim().split(" ");
    // Fields 1 and 2 (pid and command) come before the parenthesis: field 22 is the 20th after it.
    if (close < 0 || fields.length < 20) {
      throw new IOException("not a /proc stat line (no start time as its 22nd field): '" + statLine.strip() + "'");
    }
    try {
      return Long.parseLong(fields[19]);
    } catch (NumberFormatException e) {
      throw new IOException("not a /proc stat line (start time '" + fields[19] + "' is not a number): '"
          + statLine.strip() + "'", e);
    }
  }

  /** Reads a small {@code /proc} file, which reports a size of 0, up to {@value #MAX_PROC_FILE} bytes. */
  public static String read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_PROC_FILE), StandardCharsets.UTF_8);
    }
  }
}
