package dev.scalpel.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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

  private static final int TYPE = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int SYMLINK = 0120000;

  private final UserPrincipal self;
  // The verdict on each path checked so far; null: nothing kept between checks.
  private final Map<Path, Optional<String>> verdicts;

  /** Checks against {@code self}, the JVM's own user. */
  public FileOwnership(UserPrincipal self) {
    this(self, null);
  }

  private FileOwnership(UserPrincipal self, Map<Path, Optional<String>> verdicts) {
    this.self = self;
    this.verdicts = verdicts;
  }

  /**
   * The same checks for the files of one manifest (the manifest, its signature, its patch jars),
   * each path checked once however many of the files lie below it: a thousand patch jars in one
   * folder check that folder and those above it once, not a thousand times. Use it for one
   * manifest and drop it: a folder whose owner or mode changes later is seen by the next check.
   */
  public FileOwnership forOneManifest() {
    return new FileOwnership(self, new HashMap<>());
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
      Optional<String> problem = verdicts == null ? null : verdicts.get(p);
      if (problem == null) {
        problem = check(p);
        if (verdicts != null) {
          verdicts.put(p, problem);
        }
      }
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  // Owner and mode first, from one stat; the file system only for a path they would refuse, since
  // a read-only one excuses it: finding a path's file system reads the mount table.
  private Optional<String> check(Path p) {
    try {
      Map<String, Object> attributes;
      try {
        attributes = Files.readAttributes(p, "unix:mode,owner", LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        // Missing, or its existence cannot be told (as Files.exists says): its reader reports it.
        return Optional.empty();
      }
      int mode = (Integer) attributes.get("mode");
      if ((mode & TYPE) == SYMLINK) {
        return Optional.empty();
      }
      String problem = null;
      UserPrincipal owner = (UserPrincipal) attributes.get("owner");
      boolean stickyFolder = (mode & TYPE) == DIRECTORY && (mode & STICKY) != 0;
      if (!owner.getName().equals(self.getName()) && !owner.getName().equals(ROOT)) {
        problem = p + " is owned by " + owner.getName() + ", neither this JVM's user (" + self.getName()
            + ") nor root: another user could have put what the agent would read there; chown it";
      } else if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !stickyFolder) {
        problem = p + " is writable by other users than its owner (mode " + octal(mode & 07777)
            + "): another user could have put what the agent would read there; chmod go-w it";
      }
      return problem == null || Files.getFileStore(p).isReadOnly() ? Optional.empty() : Optional.of(problem);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of(p + ": cannot read its owner and mode (" + e + "), so the agent does not read what is there");
    }
  }

  // Four octal digits, as String.format("%04o") writes a mode, without loading the formatter.
  static String octal(int mode) {
    String digits = Integer.toOctalString(mode);
    return "0000".substring(Math.min(4, digits.length())) + digits;
  }
}
