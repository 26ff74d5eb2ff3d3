package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control sockets that JVMs killed with SIGKILL leave in the user's shared control folder
 * ({@code /tmp/.scalpel-UID}): the next agent to start there removes them, and {@code jvms} lists
 * the live JVM, not the dead one.
 */
final class StaleSocketsIT {

  /** Regression: a JVM killed with SIGKILL left its socket file in the shared folder for good. */
  @AcrossJdks
  void killedJvm_nextAgentStarts_staleSocketGoneAndJvmsListsTheLiveOne(Jdk jdk, @TempDir Path dir) throws Exception {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    Path deadSocket;
    long deadPid;
    try (AgentWithSocket dead = AgentWithSocket.start(jdk, Files.createDirectory(dir.resolve("dead")))) {
      deadSocket = dead.socket();
      deadPid = dead.app().pid();
      // close() kills it with SIGKILL: no shutdown hook runs, so nothing removes its socket.
    }
    assertTrue(Files.exists(deadSocket), () -> "the killed JVM's socket " + deadSocket + " is already gone");

    try (AgentWithSocket live = AgentWithSocket.start(jdk, Files.createDirectory(dir.resolve("live")))) {
      assertFalse(Files.exists(deadSocket), () -> "the killed JVM's socket " + deadSocket + " is still there after"
          + " another agent started in " + live.folder());
      assertTrue(Files.exists(live.socket()), live.socket()::toString);

      JvmResult jvms = scalpel.run("jvms");
      assertEquals(Scalpel.OK, jvms.exitCode(), jvms::describe);
      List<List<String>> rows = jvms.stdoutLines().stream().map(line -> List.of(line.strip().split("\\s+"))).toList();
      assertTrue(rows.stream().noneMatch(row -> row.get(0).equals(String.valueOf(deadPid))), jvms::describe);
      AgentStatus status = scalpel.statusJson(live.app().pid());
      assertTrue(rows.contains(List.of(String.valueOf(live.app().pid()), status.agent(), App.PRICING.mainClass())),
          jvms::describe);
      live.app().stop();
    }
  }
}
