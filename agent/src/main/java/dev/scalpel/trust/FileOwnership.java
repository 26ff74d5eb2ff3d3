package dev.scalpel.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a file the agent is about to read (a manifest, its signature, a patch jar) could have
 * been put there by another OS user: the file and every folder above it must be owned by the JVM's
 * user or root and writable by no one else; a folder writable by others passes only if it is
 * sticky (like {@code /tmp}), where others cannot replace what they do not own. Anything on a
 * read-only file system (a Kubernetes ConfigMap volume) counts as writable by no one. Both the path
 * as named and the path its symlinks resolve to are checked, so a link in a folder others can write
 * is caught as well as its target.
 */
public final class FileOwnership {

  private static final String ROOT = "root";
  private static final int STICKY = 01000;
  private static final int GROUP_OR_OTHER_WRITE = 0022;

  private final UserPrincipal self;

  /** Checks against {@code self}, the JVM's own user. */
  public FileOwnership(UserPrincipal self) {
    this.self = self;
  }

  /**
   * Checks against the user this process runs as, found without any file of the agent's own: the
   * owner of {@code /proc/self} where Linux has it, else the user named by {@code user.name}. For a
   * check that must come before the agent has made anything (its audit key, read before the audit
   * log opens).
   *
   * @throws IOException if neither tells the user
   */
  public static FileOwnership ofThisProcess() throws IOException {
    Path self = Path.of("/proc/self");
    if (Files.exists(self)) {
      return new FileOwnership(Files.getOwner(self));
    }
    return new FileOwnership(self.getFileSystem().getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name")));
  }

  /**
   * Why {@code file} must not be read, naming the path at fault and what to do, or empty if it and
   * every folder above it pass. A file that does not exist passes here: its reader says so.
   */
  public Optional<String> problem(Path file) {
    Set<Path> paths = new LinkedHashSet<>();
    Path named = file.toAbsolutePath().normalize();
    for (Path p = named; p != null; p = p.getParent()) {
      paths.add(p);
    }
    try {
      for (Path p = named.toRealPath(); p != null; p = p.getParent()) {
        paths.add(p);
      }
    } catch (IOException e) {
      // Missing or unreadable: the reader reports it with its own words.
    }
    for (Path p : paths) {
      Optional<String> problem = check(p);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private Optional<String> check(Path p) {
    try {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)
          || Files.getFileStore(p).isReadOnly()) {
        return Optional.empty();
      }
      UserPrincipal owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
      if (!owner.getName().equals(self.getName()) && !owner.getName().equals(ROOT)) {
        return Optional.of(p + " is owned by " + owner.getName() + ", neither this JVM's user (" + self.getName()
            + ") nor root: another user could have put what the agent would read there; chown it");
      }
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      boolean stickyFolder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && (mode & STICKY) != 0;
      if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !stickyFolder) {
        return Optional.of(p + " is writable by other users than its owner (mode " + String.format("%04o", mode & 07777)
            + "): another user could have put what the agent would read there; chmod go-w it");
      }
      return Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of(p + ": cannot read its owner and mode (" + e + "), so the agent does not read what is there");
    }
  }
}
