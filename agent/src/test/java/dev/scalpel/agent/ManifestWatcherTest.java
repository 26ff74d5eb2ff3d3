package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ManifestWatcherTest {

  private static final String ONE = "scalpel: 1\npatches:\n  - id: A\n    target: a.B#c()\n    returns: 1\n";
  private static final String TWO = ONE + "  - id: B\n    target: a.B#d()\n    returns: 2\n    rollout: 5%\n";

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), AgentLog.Level.INFO);

  @Test
  void poll_unchanged_nothing(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("m.yaml"), ONE);
    ManifestWatcher watcher = watcher(file);
    pass(ManifestWatcher.QUIET.toMillis() * 3);
    assertThat(watcher.poll()).isEmpty();
  }

  @Test
  void poll_changed_handedOverOnlyAfterTheQuietPeriod(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("m.yaml"), ONE);
    ManifestWatcher watcher = watcher(file);
    write(file, TWO);
    assertThat(watcher.poll()).as("first seen").isEmpty();
    pass(ManifestWatcher.QUIET.toMillis() - 1);
    assertThat(watcher.poll()).as("quiet for less than the period").isEmpty();
    pass(1);
    Optional<ManifestSnapshot> changed = watcher.poll();
    assertThat(changed).isPresent();
    assertThat(new String(changed.get().bytes(), StandardCharsets.UTF_8)).isEqualTo(TWO);
    watcher.handled(changed.get().fingerprint());
    pass(ManifestWatcher.QUIET.toMillis());
    assertThat(watcher.poll()).as("handled").isEmpty();
  }

  /** Guards against a writer's pause leaving a valid prefix applied (a rollout line dropped). */
  @Test
  void poll_writerPausesMidLine_waitsForTheLineEnd(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("m.yaml"), ONE);
    ManifestWatcher watcher = watcher(file);
    write(file, TWO.substring(0, TWO.length() - " 5%\n".length()));
    watcher.poll();
    pass(ManifestWatcher.QUIET.toMillis() * 10);
    assertThat(watcher.poll()).isEmpty();
    assertThat(watcher.poll()).isEmpty();
    assertThat(logged.toString(StandardCharsets.UTF_8).lines()).containsExactly("scalpel: warn: manifest " + file
        + " changed but does not end with a line end; waiting for the rest (write the file elsewhere and rename it into place)");
    write(file, TWO);
    watcher.poll();
    pass(ManifestWatcher.QUIET.toMillis());
    assertThat(watcher.poll().map(s -> new String(s.bytes(), StandardCharsets.UTF_8))).contains(TWO);
  }

  /** Guards against a writer that pauses between lines for one poll: a short quiet period applied the prefix. */
  @Test
  void poll_writerPausesBetweenLines_waitsForTheQuietPeriod(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("m.yaml"), ONE);
    ManifestWatcher watcher = watcher(file);
    write(file, TWO.substring(0, TWO.indexOf("    rollout")));
    assertThat(watcher.poll()).isEmpty();
    pass(500);
    assertThat(watcher.poll()).as("unchanged for two polls of 250 ms").isEmpty();
    write(file, TWO);
    pass(500);
    assertThat(watcher.poll()).isEmpty();
    pass(ManifestWatcher.QUIET.toMillis());
    assertThat(watcher.poll().map(s -> new String(s.bytes(), StandardCharsets.UTF_8))).contains(TWO);
  }

  /** Guards against an edit during an apply being taken as applied: what counts as applied is the bytes parsed. */
  @Test
  void poll_editAfterTheBytesApplied_isAChange(@TempDir Path dir) throws IOException {
    Path file = write(dir.resolve("m.yaml"), ONE);
    ManifestSnapshot applied = ManifestSnapshot.read(file);
    write(file, TWO);
    ManifestWatcher watcher = new ManifestWatcher(file, applied.fingerprint(), log, nanos::get);
    watcher.poll();
    pass(ManifestWatcher.QUIET.toMillis());
    assertThat(watcher.poll()).isPresent();
  }

  @Test
  void poll_fileMissingAtFirst_appearsAndApplies(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.yaml");
    ManifestWatcher watcher = new ManifestWatcher(file, null, log, nanos::get);
    assertThat(watcher.poll()).isEmpty();
    write(file, ONE);
    watcher.poll();
    pass(ManifestWatcher.QUIET.toMillis());
    assertThat(watcher.poll()).isPresent();
  }

  @Test
  void poll_symlinkSwapToSameBytes_isAChange(@TempDir Path dir) throws IOException {
    Path v1 = write(Files.createDirectory(dir.resolve("v1")).resolve("m.yaml"), ONE);
    Path v2 = write(Files.createDirectory(dir.resolve("v2")).resolve("m.yaml"), ONE);
    Path link = Files.createSymbolicLink(dir.resolve("m.yaml"), v1);
    ManifestWatcher watcher = watcher(link);
    Files.move(Files.createSymbolicLink(dir.resolve("tmp"), v2), link, StandardCopyOption.ATOMIC_MOVE);
    watcher.poll();
    pass(ManifestWatcher.QUIET.toMillis());
    assertThat(watcher.poll().map(ManifestSnapshot::realPath)).contains(v2.toRealPath());
  }

  private ManifestWatcher watcher(Path file) throws IOException {
    return new ManifestWatcher(file, ManifestSnapshot.read(file).fingerprint(), log, nanos::get);
  }

  private void pass(long millis) {
    nanos.addAndGet(millis * 1_000_000L);
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
