package dev.scalpel.agent;

import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * Who may use the control socket: the JVM's own OS user and root, the users the JDK's attach
 * mechanism admits. The socket's folder (mode 0700) already keeps others out; this check, on the
 * peer's credentials as the kernel reports them for each connection, still holds if that folder's
 * mode is loosened. Users are compared by name, as the JDK resolves them from their ids.
 */
final class PeerCheck {

  private static final String ROOT = "root";

  private PeerCheck() {}

  /**
   * Why a connection from {@code peer} is refused, or empty if it is {@code self} or root.
   *
   * @param self the JVM's own user
   */
  static Optional<String> refusal(UserPrincipal peer, UserPrincipal self) {
    String name = peer.getName();
    if (name.equals(self.getName()) || name.equals(ROOT)) {
      return Optional.empty();
    }
    return Optional.of("refused: user " + name + " is neither this JVM's user (" + self.getName()
        + ") nor root; nothing was done (run scalpel as " + self.getName() + ")");
  }
}
