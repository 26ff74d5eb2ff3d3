package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.PatchStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class StatusJsonTest {

  @Test
  void render_withEvidence_fillsErrorsOriginalAndLatency() {
    PatchStatus status = new PatchStatus("P-1", "active", "a.B#c()", null, 10L, 20L, 1L, 0L, null, List.of(), 2L,
        new PatchStatus.LatencyStatus(new PatchStatus.PathLatency(100, 900, 1_000, 7),
            new PatchStatus.PathLatency(50, 60, 70, 3), 60), null);

    String json = StatusJson.render(Path.of("m.yaml"), "ab", List.of(status));

    assertThat(json).contains("\"calls\":{\"fixed\":10,\"original\":20},"
        + "\"errors\":{\"fixed\":1,\"original\":2,\"guard\":0},\"failure\":null,"
        + "\"latency\":{\"fixed\":{\"p50\":100,\"p99\":900,\"max\":1000,\"samples\":7},"
        + "\"original\":{\"p50\":50,\"p99\":60,\"max\":70,\"samples\":3},\"window\":\"60s\"}}");
  }

  @Test
  void render_withoutEvidence_nullErrorsOriginalAndNoLatency() {
    PatchStatus status = new PatchStatus("P-1", "active", "a.B#c()", null, null, null, null, null, null);

    String json = StatusJson.render(Path.of("m.yaml"), "ab", List.of(status));

    assertThat(json).contains("\"errors\":{\"fixed\":null,\"original\":null,\"guard\":null}")
        .doesNotContain("latency");
  }

  @Test
  void duration_readsAsPeopleWriteIt() {
    Map<Long, String> cases = new LinkedHashMap<>();
    cases.put(0L, "0ns");
    cases.put(999L, "999ns");
    cases.put(12_345L, "12.3us");
    cases.put(4_560_000L, "4.56ms");
    cases.put(1_200_000_000L, "1.20s");
    for (Map.Entry<Long, String> c : cases.entrySet()) {
      assertThat(StatusJson.duration(c.getKey())).as("%s ns", c.getKey()).isEqualTo(c.getValue());
    }
  }
}
