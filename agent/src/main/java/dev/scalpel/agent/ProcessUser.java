package dev.scalpel.agent;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The JVM's own OS user, found without making a file: the owner of {@code /proc/self} (the
 * process's effective user, as the kernel reports it), else the user named by {@code user.name}.
 */
final class ProcessUser {

  private static final Path SELF = Path.of("/proc/self");

  private ProcessUser() {}

  /**
   * The JVM's OS user.
   *
   * @throws IOException if neither {@code /proc/self} nor {@code user.name} tells it, saying both reasons
   */
  static UserPrincipal get() throws IOException {
    IOException proc;
    try {
      return Files.getOwner(SELF);
    } catch (IOException | UnsupportedOperationException e) {
      proc = new IOException(SELF + ": " + e.getMessage(), e);
    }
    String name = System.getProperty("user.name");
    try {
      return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
    } catch (IOException | UnsupportedOperationException e) {
      IOException both = new IOException("cannot tell this JVM's OS user: not from " + SELF + " (" + proc.getMessage()
          + "), nor from user.name '" + name + "' (" + e + ")", e);
      both.addSuppressed(proc);
      throw both;
    }
  }
}
