package dev.scalpel.cli;

import dev.scalpel.agent.ControlPath;
import dev.scalpel.audit.ProcessId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * The files of a target JVM as this process sees them. A JVM in a container, or in any other
 * mount namespace, names paths in its own file system; from the host or a sidecar they are found
 * under {@code /proc/PID/root}, as the JDK's attach mechanism finds its own socket there. The
 * namespaces are compared through {@code /proc/self/ns/mnt} and {@code /proc/PID/ns/mnt}; where
 * they cannot be read (no {@code /proc}), both sides are taken to share one file system.
 */
final class TargetFiles {

  // The group's and others' bits of a file mode: a control folder has none of them.
  private static final int GROUP_OR_OTHERS = 0077;

  private final Path process;
  private final boolean shared;

  private TargetFiles(Path process, boolean shared) {
    this.process = process;
    this.shared = shared;
  }

  /** The files of process {@code pid}, seen from this process. */
  static TargetFiles of(String pid) {
    return of(Path.of("/proc"), pid);
  }

  /** As {@link #of(String)}, with {@code proc} standing for {@code /proc}. */
  static TargetFiles of(Path proc, String pid) {
    Path process = proc.resolve(pid);
    boolean shared;
    try {
      shared = Files.readSymbolicLink(proc.resolve("self/ns/mnt")).equals(Files.readSymbolicLink(process.resolve("ns/mnt")));
    } catch (IOException | UnsupportedOperationException e) {
      shared = true;
    }
    return new TargetFiles(process, shared);
  }

  /** The target's {@code /proc} entry. */
  Path process() {
    return process;
  }

  /** Whether the target sees the same file system as this process. */
  boolean shared() {
    return shared;
  }

  /**
   * Where this process finds the file the target names {@code targetPath} (absolute): that very
   * path in a shared file system, else the path under {@code /proc/PID/root}.
   *
   * @throws IllegalArgumentException if {@code targetPath} is not absolute
   */
  Path resolve(String targetPath) {
    if (!targetPath.startsWith("/")) {
      throw new IllegalArgumentException("the target's path '" + targetPath + "' is not absolute");
    }
    return shared ? Path.of(targetPath) : process.resolve("root").resolve(targetPath.substring(1));
  }

  /**
   * Where the target's agent binds its control socket when it can ({@link ControlPath}), as a
   * path of this process; empty where {@code /proc} cannot tell (no such process, not Linux). The
   * socket may not be there, or not be the agent's: {@link #checkControlSocket} tells.
   */
  Optional<Path> derivedControlSocket() {
    try {
      return Optional.of(resolve(ControlPath.of(process, namespacePid())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  // The target's id in its own process namespace, the last of its NSpid line (kernels since 4.1);
  // without that line, namespaces are not in use and the id is the one given.
  private long namespacePid() throws IOException {
    return ProcessId.namespacePid(ControlPath.read(process.resolve("status")), process.getFileName().toString());
  }

  /** The target's OS user: the owner of its {@code /proc} entry, if there is one. */
  Optional<UserPrincipal> user() {
    try {
      return Optional.of(Files.getOwner(process));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks that the control socket at {@code socket} (a path of this process) and its folder
   * belong to the target's user and that only that user can enter the folder, as the agent made
   * them: a socket found anywhere else is not the agent's.
   *
   * @throws IOException naming the file, its owner or mode, and the user expected
   */
  void checkControlSocket(Path socket) throws IOException {
    Optional<UserPrincipal> user = user();
    if (user.isEmpty()) {
      return;
    }
    Path dir = socket.getParent();
    for (Path p : new Path[] {dir, socket}) {
      UserPrincipal owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
      if (!owner.equals(user.get())) {
        throw new IOException(p + " belongs to " + owner.getName() + ", not to the target JVM's user "
            + user.get().getName() + ": it is not that agent's control socket");
      }
    }
    // The mode as a number: the permission set's EnumSet costs the command line a reflective start-up step.
    int mode = ((Number) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue();
    if ((mode & GROUP_OR_OTHERS) != 0 || Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " can be entered by other users than " + user.get().getName() + " (mode "
          + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))
          + "): it is not that agent's control folder");
    }
  }
}
