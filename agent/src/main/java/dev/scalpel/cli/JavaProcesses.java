package dev.scalpel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVMs this user can attach to, found in {@code /proc} alone: without the JDK's attach
 * mechanism, which would start an attach listener thread in every JVM it asks, and without its
 * performance-data files, which a JVM started with {@code -XX:-UsePerfData} does not write. A
 * process is a JVM when its program is a {@code java} launcher, or else when the HotSpot library
 * {@code libjvm.so} is mapped into it ({@code /proc/PID/maps}, read only then: a JVM's map is tens
 * of KiB). The kernel lets this user read a process's program and map only where it may trace the
 * process, the same processes the attach mechanism admits (its own, or every one for root). The
 * main class is read off the process's command line as the {@code java} launcher parses it.
 */
final class JavaProcesses {

  /** What a row shows where the command line does not name the main class. */
  static final String UNKNOWN_MAIN = "(unknown)";

  /** The most bytes read from a process's memory map: a JVM's is some tens of KiB. */
  private static final int MAX_MAPS = 8 * 1024 * 1024;
  /** The most bytes read from a process's command line. */
  private static final int MAX_CMDLINE = 256 * 1024;
  // The java launcher's options whose value is the next argument (JDK 17 to 25).
  private static final List<String> WITH_VALUE = Arrays.asList("-cp", "-classpath", "--class-path", "-p",
      "--module-path", "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-exports", "--add-opens",
      "--add-reads", "--patch-module", "--enable-native-access", "--source");

  /** One JVM: its process id as this process sees it, and its main class. */
  record Jvm(String pid, String main) {}

  private JavaProcesses() {}

  /**
   * The JVMs under {@code proc} (standing for {@code /proc}), ordered by process id, leaving out
   * the process that reads them ({@code proc/self}). A process that ends while it is read is left out.
   */
  static List<Jvm> list(Path proc) {
    String self;
    try {
      self = Files.readSymbolicLink(proc.resolve("self")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      self = "";
    }
    return list(proc, self);
  }

  /** As {@link #list(Path)}, leaving out the process {@code self} instead. */
  static List<Jvm> list(Path proc, String self) {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (isNumber(name) && !name.equals(self)) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    pids.sort(null);
    List<Jvm> jvms = new ArrayList<>();
    for (long pid : pids) {
      Path process = proc.resolve(Long.toString(pid));
      try {
        Path program = Files.readSymbolicLink(process.resolve("exe")).getFileName();
        if ((program != null && program.toString().equals("java")) || maps(process, "libjvm.so")) {
          jvms.add(new Jvm(Long.toString(pid), mainClass(arguments(read(process.resolve("cmdline"), MAX_CMDLINE)))));
        }
      } catch (IOException e) {
        // Not this user's to trace, a kernel thread, or gone since the folder was listed: no JVM to show.
      }
    }
    return jvms;
  }

  /**
   * The main class a {@code java} command line names, as the JDK shows it: the class, the jar
   * after {@code -jar}, the module and class after {@code -m} or {@code --module}, or the source
   * file; {@value #UNKNOWN_MAIN} when the program is not the {@code java} launcher, when an
   * {@code @file} of arguments comes before it (it may hold the main class), or when none is named.
   */
  static String mainClass(List<String> argv) {
    if (argv.isEmpty() || !(argv.get(0).equals("java") || argv.get(0).endsWith("/java"))) {
      return UNKNOWN_MAIN;
    }
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-jar") || a.equals("-m") || a.equals("--module")) {
        return i + 1 < argv.size() ? argv.get(i + 1) : UNKNOWN_MAIN;
      }
      if (a.startsWith("--module=")) {
        return a.substring("--module=".length());
      }
      if (WITH_VALUE.contains(a)) {
        i++;
      } else if (a.startsWith("@")) {
        return UNKNOWN_MAIN;
      } else if (!a.startsWith("-")) {
        return a.isEmpty() ? UNKNOWN_MAIN : a;
      }
    }
    return UNKNOWN_MAIN;
  }

  /** The arguments of a {@code /proc/PID/cmdline} text: each ends with a zero byte. */
  static List<String> arguments(byte[] cmdline) {
    List<String> argv = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= cmdline.length; i++) {
      if (i == cmdline.length || cmdline[i] == 0) {
        if (i > start || i < cmdline.length) {
          argv.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return argv;
  }

  /**
   * Whether the process whose {@code /proc} entry is {@code process} maps the shared library
   * {@code library} ({@code libjvm.so}, {@code libinstrument.so}), from its memory map read in
   * blocks (a name may straddle two of them), at most {@value #MAX_MAPS} bytes.
   *
   * @throws IOException if the map cannot be read: not this user's process, or gone
   */
  static boolean maps(Path process, String library) throws IOException {
    byte[] name = ("/" + library).getBytes(StandardCharsets.US_ASCII);
    try (InputStream in = Files.newInputStream(process.resolve("maps"))) {
      byte[] buffer = new byte[64 * 1024];
      int kept = 0;
      int total = 0;
      while (total < MAX_MAPS) {
        int n = in.read(buffer, kept, buffer.length - kept);
        if (n < 0) {
          return false;
        }
        total += n;
        int end = kept + n;
        if (contains(buffer, end, name)) {
          return true;
        }
        kept = Math.min(end, name.length - 1);
        System.arraycopy(buffer, end - kept, buffer, 0, kept);
      }
      return false;
    }
  }

  private static boolean contains(byte[] buffer, int end, byte[] name) {
    for (int i = 0; i + name.length <= end; i++) {
      int k = 0;
      while (k < name.length && buffer[i + k] == name[k]) {
        k++;
      }
      if (k == name.length) {
        return true;
      }
    }
    return false;
  }

  private static byte[] read(Path file, int max) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(max);
    }
  }

  /** Whether {@code name} can be a process id: 1 to 10 ASCII digits. */
  static boolean isNumber(String name) {
    if (name.isEmpty() || name.length() > 10) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
