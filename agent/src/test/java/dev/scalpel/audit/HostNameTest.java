package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host name comes from files and the environment, never from a name service lookup. */
final class HostNameTest {

  @TempDir
  Path dir;

  @Test
  void find_takesTheFirstSourceThatNamesTheHost() throws IOException {
    Path kernel = Files.writeString(dir.resolve("kernel"), "node-7\n");
    Path blank = Files.writeString(dir.resolve("blank"), " \n");
    Path boot = Files.writeString(dir.resolve("boot"), "boot-name\n");
    Path missing = dir.resolve("missing");
    Map<String, String> env = Map.of("HOSTNAME", "pod-abc ", "COMPUTERNAME", "WIN-1");

    assertThat(HostName.find(env, List.of(kernel), List.of(boot))).isEqualTo("node-7");
    assertThat(HostName.find(env, List.of(missing, blank), List.of(boot))).isEqualTo("pod-abc");
    assertThat(HostName.find(Map.of("COMPUTERNAME", "WIN-1"), List.of(missing), List.of(boot))).isEqualTo("WIN-1");
    assertThat(HostName.find(Map.of("HOSTNAME", ""), List.of(missing), List.of(boot))).isEqualTo("boot-name");
    assertThat(HostName.find(Map.of(), List.of(missing), List.of(dir))).isEqualTo(HostName.UNKNOWN);
  }

  @Test
  void find_readsAtMost255Bytes() throws IOException {
    Path huge = Files.writeString(dir.resolve("huge"), "h".repeat(10_000));
    assertThat(HostName.find(Map.of(), List.of(huge), List.of())).isEqualTo("h".repeat(255));
  }

  @Test
  void get_onLinux_isTheKernelsName() throws IOException {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    if (Files.isReadable(kernel)) {
      assertThat(HostName.get()).isEqualTo(Files.readString(kernel).strip());
    } else {
      assertThat(HostName.get()).isNotBlank();
    }
  }
}
