package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** This process's id read from {@code /proc}, and the NSpid line's parsing. */
final class ProcessIdTest {

  /** Guards against the audit log, the lock message and the control socket naming another id than the JDK's. */
  @Test
  void current_isTheJdksPid() {
    assertThat(ProcessId.current()).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void namespacePid_statusTexts() {
    String[][] cases = {
        {"Name:\tjava\nNSpid:\t42\t1\nUid:\t0\n", "1"},
        {"NSpid:\t42\n", "42"},
        {"Name:\tjava\nNSpid:\t4242  17  \n", "17"},
        {"Name:\tjava\nNSpid:\t42", "42"},
        {"Name:\tjava\nUid:\t0\n", "7"},
    };
    for (String[] c : cases) {
      assertThat(ProcessId.namespacePid(c[0], "7")).as(c[0]).isEqualTo(Long.parseLong(c[1]));
    }
  }

  @Test
  void namespacePid_notANumber_throws() {
    assertThatThrownBy(() -> ProcessId.namespacePid("Name:\tjava\nNSpid:\t42\tx\n", "7"))
        .isInstanceOf(NumberFormatException.class).hasMessage("For input string: \"x\"");
    assertThatThrownBy(() -> ProcessId.namespacePid("Name:\tjava\n", "self"))
        .isInstanceOf(NumberFormatException.class).hasMessage("For input string: \"self\"");
  }
}
