package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NaturalKeysTest {

  @Test
  void timestampAlwaysHasMilliseconds() {
    assertThat(NaturalKeys.timestamp(Instant.parse("2022-04-15T22:01:30Z")))
        .isEqualTo("2022-04-15T22:01:30.000Z");
  }

  @Test
  void idsAreBuiltFromNaturalKeys() {
    Instant ts = Instant.parse("2022-04-15T22:01:00Z");

    assertThat(NaturalKeys.aggregateId("piezometer", "PZ-1", "PT1M", ts))
        .isEqualTo("piezometer:PZ-1:PT1M:2022-04-15T22:01:00.000Z");
    assertThat(NaturalKeys.alertId("piezometer", "PZ-1", ts, TriggerStatus.ALARM))
        .isEqualTo("piezometer:PZ-1:2022-04-15T22:01:00.000Z:ALARM");
  }

  @Test
  void pipelineVersionNamesItsOutputs() {
    PipelineVersion v = PipelineVersion.parse("v1");

    assertThat(v.index("readings")).isEqualTo("readings-v1");
    assertThat(v.schema()).isEqualTo("pipeline_v1");
    assertThat(v.next().label()).isEqualTo("v2");
    assertThatThrownBy(() -> PipelineVersion.parse("version-2")).hasMessageContaining("version-2");
  }

  @Test
  void topicsTakeOverridesAndPrefixes() {
    Topics t = Topics.fromSettings(java.util.Map.of("TOPIC_RAW", "site7.raw"));

    assertThat(t.raw()).isEqualTo("site7.raw");
    assertThat(t.dlq()).isEqualTo("monitoring.dlq");
    assertThat(t.withPrefix("t1-").readings()).isEqualTo("t1-monitoring.readings");
  }
}
