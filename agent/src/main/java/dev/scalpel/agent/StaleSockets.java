package dev.scalpel.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes, from a control folder that a user's JVMs share ({@link ControlPath}), the socket files of
 * JVMs that are gone: a JVM killed with SIGKILL, or one that crashed, leaves its {@code PID-START}
 * file behind. An entry is stale when no process {@code PID} with start time {@code START} runs in
 * this process namespace and nothing answers on it; the second test keeps the socket of a JVM in
 * another process namespace that shares this {@code /tmp}. Anything else in the folder (folders,
 * links, other names) is left alone. The command line never meets a stale file: it looks up a
 * live JVM's socket by that JVM's own ids.
 */
final class StaleSockets {

  /** Past this many entries, a folder is not looked through further: a user runs a few JVMs, not thousands. */
  static final int MAX_ENTRIES = 4096;

  private static final Pattern NAME = Pattern.compile("(\\d{1,10})-(\\d{1,18})");

  private StaleSockets() {}

  /**
   * Sweeps {@code own}'s folder ({@link #sweep(Path, Path, Predicate)} with this system's
   * {@code /proc}) before an agent binds its socket there. Never throws: a folder that cannot be
   * swept is logged as a warning, and the agent binds its socket all the same.
   */
  static void sweep(Path own, AgentLog log) {
    try {
      for (Path stale : sweep(own, Path.of("/proc"), Served.ANSWERING)) {
        log.debug("control socket: removed " + stale + ", left by a JVM that is gone");
      }
    } catch (IOException | RuntimeException e) {
      log.warn("control socket: cannot remove the sockets of JVMs that are gone from " + own.getParent() + " (" + e
          + "); they stay until a later JVM's start removes them");
    }
  }

  // A class rather than ControlSocket::served: the sweep runs while the application starts, where a
  // method reference costs a generated class.
  private static final class Served implements Predicate<Path> {
    static final Served ANSWERING = new Served();

    @Override
    public boolean test(Path socket) {
      return ControlSocket.served(socket);
    }
  }

  /**
   * Deletes the stale socket files in {@code own}'s folder, {@code own} itself left alone.
   *
   * @param proc   the {@code /proc} that tells which processes run
   * @param served whether something answers on a socket file
   * @return the files deleted
   * @throws IOException if the folder cannot be listed or a stale file cannot be deleted; what was
   *                     deleted before stays deleted
   */
  static List<Path> sweep(Path own, Path proc, Predicate<Path> served) throws IOException {
    List<Path> deleted = new ArrayList<>();
    int seen = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(own.getParent())) {
      for (Path entry : entries) {
        if (++seen > MAX_ENTRIES) {
          break;
        }
        if (!entry.getFileName().equals(own.getFileName()) && isStale(entry, proc) && !served.test(entry)
            && Files.deleteIfExists(entry)) {
          deleted.add(entry);
        }
      }
    }
    return deleted;
  }

  /**
   * Whether {@code entry} is a socket file named {@code PID-START} of no process running in
   * {@code proc}. A process whose {@code stat} cannot be read (a {@code /proc} mounted with
   * {@code hidepid}) may be the one, so its file is not stale.
   */
  static boolean isStale(Path entry, Path proc) {
    Matcher name = NAME.matcher(entry.getFileName().toString());
    try {
      if (!name.matches()
          || !Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
        return false;
      }
    } catch (IOException vanished) {
      return false;
    }
    try {
      return ControlPath.startTicks(ControlPath.read(proc.resolve(name.group(1)).resolve("stat")))
          != Long.parseLong(name.group(2));
    } catch (NoSuchFileException gone) {
      return true;
    } catch (IOException unreadable) {
      return false;
    }
  }
}
