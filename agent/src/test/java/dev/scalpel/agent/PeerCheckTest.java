package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which peers of the control socket are served: the JVM's user and root, nobody else. */
final class PeerCheckTest {

  private record User(String getName) implements UserPrincipal {}

  @Test
  void refusal_sameUserOrRoot_served() {
    assertThat(PeerCheck.refusal(new User("app"), new User("app"))).isEmpty();
    assertThat(PeerCheck.refusal(new User("root"), new User("app"))).isEmpty();
    assertThat(PeerCheck.refusal(new User("root"), new User("root"))).isEmpty();
  }

  @Test
  void refusal_otherUsers_refusedWithOneLine() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("bob", "refused: user bob is neither this JVM's user (app) nor root; nothing was done (run scalpel as app)");
    cases.put("1001", "refused: user 1001 is neither this JVM's user (app) nor root; nothing was done (run scalpel as app)");
    cases.put("App", "refused: user App is neither this JVM's user (app) nor root; nothing was done (run scalpel as app)");
    cases.forEach((peer, message) -> assertThat(PeerCheck.refusal(new User(peer), new User("app"))).as(peer)
        .isEqualTo(Optional.of(message)));
  }
}
