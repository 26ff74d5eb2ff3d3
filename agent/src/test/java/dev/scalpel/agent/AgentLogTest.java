package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AgentLogTest {

  @Test
  void log_printsAtAndAboveThreshold() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentLog log = new AgentLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), AgentLog.Level.WARN);
    log.error("e");
    log.warn("w");
    log.info("i");
    log.debug("d");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly("scalpel: error: e", "scalpel: warn: w");
  }

  @Test
  void infoLines_sameLinesAsOneCallEach() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentLog log = new AgentLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), AgentLog.Level.INFO);
    log.info(List.of("patch 'A' active: a.B#c()", "patch 'B' pending: a.C#d()"));
    log.info(List.of());
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("scalpel: info: patch 'A' active: a.B#c()", "scalpel: info: patch 'B' pending: a.C#d()");
  }

  @Test
  void infoLines_belowThreshold_printsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentLog log = new AgentLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), AgentLog.Level.WARN);
    log.info(List.of("patch 'A' active: a.B#c()"));
    assertThat(bytes.size()).isZero();
  }
}
