package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which socket files of a shared control folder are left by JVMs that are gone, and their sweep. */
final class StaleSocketsTest {

  @TempDir
  Path tmp;

  /**
   * A fake {@code /proc} with processes 10 (started at tick 500) and 11 (tick 600): a process gone,
   * a process id reused by a later process, another namespace's live socket, and what is no socket
   * of a JVM at all.
   */
  @Test
  void sweep_folderOfEveryKind_removesOnlyTheDeadJvmsSockets() throws IOException {
    Path proc = Files.createDirectory(tmp.resolve("proc"));
    process(proc, 10, 500);
    process(proc, 11, 600);
    Path dir = Files.createDirectory(tmp.resolve(".scalpel-0"));
    Path own = dir.resolve("12-700");
    Path gone = deadSocket(dir.resolve("9-400"));
    Path reused = deadSocket(dir.resolve("11-450"));
    Path live = deadSocket(dir.resolve("10-500"));
    Path otherNamespace = deadSocket(dir.resolve("1-42"));
    Path notes = Files.writeString(dir.resolve("13-800"), "a regular file, not a socket");
    Path folder = Files.createDirectory(dir.resolve("14-900"));
    Path otherName = deadSocket(dir.resolve("control"));
    Path link = Files.createSymbolicLink(dir.resolve("15-1000"), gone);

    List<Path> deleted = StaleSockets.sweep(own, proc, otherNamespace::equals);

    assertThat(deleted).containsExactlyInAnyOrder(gone, reused);
    assertThat(gone).doesNotExist();
    assertThat(reused).doesNotExist();
    for (Path kept : List.of(live, otherNamespace, notes, folder, otherName)) {
      assertThat(kept).as(kept.toString()).exists();
    }
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void isStale_unreadableStat_notStale() throws IOException {
    Path proc = Files.createDirectory(tmp.resolve("proc"));
    Files.createDirectories(proc.resolve("10/stat"));
    Path socket = deadSocket(Files.createDirectory(tmp.resolve(".scalpel-0")).resolve("10-500"));

    assertThat(StaleSockets.isStale(socket, proc)).isFalse();
  }

  /** On this machine's {@code /proc}: a dead JVM's socket goes, the running JVM's own path is left alone, and the log says what went. */
  @Test
  void sweepLogged_realProc_removesDeadSocketAndLogsIt() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve(".scalpel-0"));
    // No process has id 2^22 + 1: Linux never gives out ids above 2^22.
    Path dead = deadSocket(dir.resolve((1 << 22) + 1 + "-1"));
    Path own = Path.of(ControlPath.own());
    Path ownHere = deadSocket(dir.resolve(own.getFileName()));
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), AgentLog.Level.DEBUG);

    StaleSockets.sweep(dir.resolve("1-1"), log);

    assertThat(dead).doesNotExist();
    assertThat(ownHere).exists();
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .isEqualTo("scalpel: debug: control socket: removed " + dead + ", left by a JVM that is gone\n");
  }

  @Test
  void sweepLogged_folderGone_warnsAndGoesOn() {
    Path missing = tmp.resolve("missing/1-1");
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), AgentLog.Level.DEBUG);

    StaleSockets.sweep(missing, log);

    assertThat(logged.toString(StandardCharsets.UTF_8)).startsWith("scalpel: warn: control socket: cannot remove the"
        + " sockets of JVMs that are gone from " + missing.getParent() + " (java.nio.file.NoSuchFileException: ")
        .endsWith("); they stay until a later JVM's start removes them\n");
  }

  /** Regression: a JVM killed with SIGKILL left its socket file in the shared folder for good. */
  @Test
  void openShared_deadJvmsSocketInTheFolder_removed() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve(".scalpel-0"), java.nio.file.attribute.PosixFilePermissions
        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    Path dead = deadSocket(dir.resolve((1 << 22) + 1 + "-1"));
    AgentLog log = new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        AgentLog.Level.ERROR);

    try (ControlSocket socket = ControlSocket.openShared(dir.resolve("7-100"), request -> "ok\n", log,
        Duration.ofSeconds(5))) {
      assertThat(dead).doesNotExist();
      assertThat(Set.of(dir.toFile().list())).containsExactly(socket.path().getFileName().toString());
    }
  }

  /** A socket file that no process serves: what a JVM killed with SIGKILL leaves. */
  private static Path deadSocket(Path path) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
    }
    return path;
  }

  /** A {@code /proc/PID/stat} line with {@code startTicks} as its 22nd field. */
  private static void process(Path proc, int pid, long startTicks) throws IOException {
    Files.writeString(Files.createDirectory(proc.resolve(String.valueOf(pid))).resolve("stat"),
        pid + " (java) S" + " 0".repeat(18) + " " + startTicks + " 0 0\n");
  }
}
