package dev.scalpel.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Finds which process holds the lock on a file, where the system says: Linux lists every file
 * lock in {@code /proc/locks} with its holder's pid and the file's device and inode. Elsewhere, or
 * if the list cannot be read, the holder is unknown.
 */
final class LockHolder {

  private static final Path LOCKS = Path.of("/proc/locks");
  private static final int MAX_BYTES = 1 << 20;

  private LockHolder() {}

  /** The pid of a process other than this one holding a lock on {@code file}, if the system says. */
  static OptionalLong of(Path file) {
    try (InputStream in = Files.newInputStream(LOCKS)) {
      long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
      long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
      String locks = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
      return find(locks, dev, inode, ProcessId.current());
    } catch (IOException | RuntimeException e) {
      // No /proc/locks (not Linux) or no unix attributes: the message then names no pid.
      return OptionalLong.empty();
    }
  }

  /**
   * The pid of the first lock in {@code locks} ({@code /proc/locks}'s text, lines such as
   * {@code 1: POSIX  ADVISORY  WRITE 4242 fe:00:2154516 0 EOF}) on the file with device {@code dev}
   * (Linux's encoding of {@code st_dev}) and {@code inode}, held by a process other than {@code self}.
   */
  static OptionalLong find(String locks, long dev, long inode, long self) {
    String where = String.format("%02x:%02x:%d", (dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00), inode);
    for (String line : locks.split("\n")) {
      String[] words = line.trim().split("\\s+");
      for (int i = 1; i < words.length; i++) {
        if (words[i].equals(where)) {
          try {
            long pid = Long.parseLong(words[i - 1]);
            if (pid > 0 && pid != self) {
              return OptionalLong.of(pid);
            }
          } catch (NumberFormatException e) {
            // Not a pid where the format puts one: a line of another shape, look further.
          }
        }
      }
    }
    return OptionalLong.empty();
  }
}
