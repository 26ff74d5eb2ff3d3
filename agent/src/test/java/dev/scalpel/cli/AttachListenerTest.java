package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class AttachListenerTest {

  /** A JVM to attach to: says {@code ready}, then waits until its standard input closes. */
  static final class Idle {
    public static void main(String[] args) throws IOException {
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Until the test closes standard input.
      }
    }
  }

  /** Guards against signalling a process that would die of SIGQUIT: only one that catches it. */
  @Test
  void catchesQuit_statusMasks() {
    Object[][] cases = {
        {"Name:\tjava\nSigIgn:\t0000000000000000\nSigCgt:\t2000000181005ccf\n", true},
        {"SigIgn:\t0000000000000000\nSigCgt:\t0000000000004004\n", true},
        {"Name:\tbash\nSigIgn:\t0000000000380004\nSigCgt:\t000000004b817efb\n", false},
        {"Name:\tsleep\nSigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n", false},
        {"Name:\tjava\nSigCgt:\t2000000181005ccf\n", false},
        {"Name:\tjava\nSigIgn:\t0000000000000000\n", false},
        {"SigIgn:\t0000000000000000\nSigCgt:\tnot-hex\n", false},
        {"", false},
    };
    for (Object[] c : cases) {
      assertThat(AttachListener.catchesQuit((String) c[0])).as((String) c[0]).isEqualTo(c[1]);
    }
  }

  /**
   * Guards the attach without the JDK's attachable check: once the listener runs, the JDK client's
   * own constructor connects, and the JVM answers as after {@code VirtualMachine.attach}.
   */
  @Test
  void attach_toAJvmWhoseListenerRuns_connectsWithoutTheAttachableCheck() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dscalpel.test.child=listening", "-cp", System.getProperty("java.class.path"), Idle.class.getName())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");
      String pid = String.valueOf(child.pid());

      assertThat(AttachListener.start(TargetFiles.of(pid), pid, Duration.ofSeconds(30).toNanos())).isTrue();
      VirtualMachine vm = AttachListener.attach(pid);
      assertThat(vm).as("the JDK client's constructor, reached through the opened package").isNotNull();
      try {
        assertThat(vm.id()).isEqualTo(pid);
        assertThat(vm.getSystemProperties().getProperty("scalpel.test.child")).isEqualTo("listening");
      } finally {
        vm.detach();
      }
    } finally {
      child.getOutputStream().close();
      child.destroy();
      child.waitFor();
    }
  }

  /** Never throws: where it cannot attach, the caller attaches the usual way, which reports why. */
  @Test
  void attach_toNoSuchProcess_returnsNull() {
    assertThat(AttachListener.attach("2147483646")).isNull();
  }
}
