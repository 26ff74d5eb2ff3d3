package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ControlPathTest {

  // A stat line whose command name holds a space and a parenthesis; the start time is 1787836.
  private static final String STAT = "6436 (java (x) y) S 1 6433 4089 0 -1 4194560 23190 0 0 0 512 93 0 0 20 0 19 0"
      + " 1787836 4234215424 52041 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0\n";

  @Test
  void socket_uidPidAndStart() {
    assertThat(ControlPath.socket(1000, 1, 1787836)).isEqualTo("/tmp/.scalpel-1000/1-1787836");
    assertThat(ControlPath.folder(0)).isEqualTo("/tmp/.scalpel-0");
  }

  @Test
  void startTicks_commandNameWithParentheses_fieldAfterTheLast() throws IOException {
    assertThat(ControlPath.startTicks(STAT)).isEqualTo(1787836L);
  }

  @Test
  void startTicks_notAStatLine_refusedWithTheLine() {
    String[][] cases = {
        {"", "not a /proc stat line (no start time as its 22nd field): ''"},
        {"6436 java S 1 2 3", "not a /proc stat line (no start time as its 22nd field): '6436 java S 1 2 3'"},
        {"1 (java) S 1 2 3", "not a /proc stat line (no start time as its 22nd field): '1 (java) S 1 2 3'"},
        {"1 (java) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 x 20",
            "not a /proc stat line (start time 'x' is not a number): '1 (java) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 x 20'"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> ControlPath.startTicks(c[0]), c[0])
          .isInstanceOf(IOException.class)
          .hasMessage(c[1]);
    }
  }

  @Test
  void of_procEntry_readsUidAndStart(@TempDir Path proc) throws IOException {
    Path process = Files.createDirectory(proc.resolve("6436"));
    Files.writeString(process.resolve("stat"), STAT);
    Object uid = Files.getAttribute(process, "unix:uid");
    assertThat(ControlPath.of(process, 1)).isEqualTo("/tmp/.scalpel-" + uid + "/1-1787836");
  }

  @Test
  void own_thisJvm_matchesItsProcEntry() throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "no /proc here");
    long pid = ProcessHandle.current().pid();
    assertThat(ControlPath.own()).isEqualTo(ControlPath.of(Path.of("/proc/" + pid), pid));
  }
}
