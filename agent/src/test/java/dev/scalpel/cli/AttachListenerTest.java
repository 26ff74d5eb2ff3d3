package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class AttachListenerTest {

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
}
