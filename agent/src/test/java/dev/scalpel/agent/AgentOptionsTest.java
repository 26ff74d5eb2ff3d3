package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class AgentOptionsTest {

  @Test
  void parse_defaults() {
    AgentOptions o = AgentOptions.parse(null);
    assertThat(o.manifest()).isEmpty();
    assertThat(o.audit()).isEqualTo(Path.of("scalpel-audit.jsonl"));
    assertThat(o.watch()).isTrue();
    assertThat(o.log()).isEqualTo(AgentLog.Level.INFO);
    assertThat(o.counters()).isTrue();
    assertThat(o.reply()).isEmpty();
    assertThat(o.status()).isEmpty();
    assertThat(o.rollback()).isEmpty();
    assertThat(o.auditKey()).isEmpty();
  }

  @Test
  void parse_auditKey() {
    assertThat(AgentOptions.parse("manifest=m.yaml,auditKey=/etc/scalpel/audit.key").auditKey())
        .contains(Path.of("/etc/scalpel/audit.key"));
  }

  @Test
  void parse_trust() {
    assertThat(AgentOptions.parse("manifest=m.yaml,trust=/etc/scalpel/trusted.pub").trust())
        .contains(Path.of("/etc/scalpel/trusted.pub"));
    assertThat(AgentOptions.parse("manifest=m.yaml").trust()).isEmpty();
  }

  @Test
  void parse_policy() {
    assertThat(AgentOptions.parse("manifest=m.yaml,policy=/etc/scalpel/policy.yaml").policy())
        .contains(Path.of("/etc/scalpel/policy.yaml"));
    assertThat(AgentOptions.parse("manifest=m.yaml").policy()).isEmpty();
  }

  @Test
  void parse_commandLineKeys() {
    AgentOptions o = AgentOptions.parse("rollback=A-1+B.2,reply=/tmp/r,status=json,counters=false");
    assertThat(o.rollback()).contains(java.util.List.of("A-1", "B.2"));
    assertThat(o.reply()).contains(Path.of("/tmp/r"));
    assertThat(o.status()).contains("json");
    assertThat(o.counters()).isFalse();
  }

  @Test
  void parse_rollback_emptyIdsLeftOut() {
    assertThat(AgentOptions.parse("rollback=+A++B+").rollback()).contains(java.util.List.of("A", "B"));
    assertThat(AgentOptions.parse("rollback=*").rollback()).contains(java.util.List.of("*"));
    assertThat(AgentOptions.parse("rollback=").rollback()).contains(java.util.List.of());
    assertThat(AgentOptions.parse("manifest=m.yaml").rollback()).isEmpty();
  }

  @Test
  void parse_everyKey() {
    AgentOptions o = AgentOptions.parse("manifest=/etc/scalpel/hotfix.yaml,audit=/var/log/a.jsonl,watch=false,log=debug");
    assertThat(o.manifest()).isEqualTo(Optional.of(Path.of("/etc/scalpel/hotfix.yaml")));
    assertThat(o.audit()).isEqualTo(Path.of("/var/log/a.jsonl"));
    assertThat(o.watch()).isFalse();
    assertThat(o.log()).isEqualTo(AgentLog.Level.DEBUG);
  }

  @Test
  void parse_given_namesOnlyTheKeysWritten() {
    assertThat(AgentOptions.parse("manifest=/a.yaml,log=debug,watch=true").given()).containsExactly("manifest", "log", "watch");
    assertThat(AgentOptions.parse(null).given()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "manifest|agent option 'manifest' is not key=value; write for example manifest=/etc/scalpel/hotfix.yaml",
      "=x|agent option '=x' is not key=value; write for example manifest=/etc/scalpel/hotfix.yaml",
      "manifst=a.yaml|unknown agent option 'manifst'; the options are manifest, audit, auditKey, watch, log, counters, trust and policy",
      "manifest=a,manifest=b|agent option 'manifest' is given twice",
      "watch=yes|watch=yes is not a boolean; write watch=true or watch=false",
      "log=verbose|log=verbose is not a level; write log=error, warn, info or debug",
      "counters=1|counters=1 is not a boolean; write counters=true or counters=false",
      "status=yaml|status=yaml is not a format; write status=text or status=json",
      "trust=|agent option trust= names no file; write trust=/etc/scalpel/trusted.pub, a file of PEM public keys",
      "policy=|agent option policy= names no file; write policy=/etc/scalpel/policy.yaml, a policy file (see the README's Policy section)",
  })
  void parse_invalid(String options, String message) {
    assertThatThrownBy(() -> AgentOptions.parse(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
