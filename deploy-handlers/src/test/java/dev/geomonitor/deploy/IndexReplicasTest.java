package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.searchsink.IndexLayout;
import org.junit.jupiter.api.Test;

class IndexReplicasTest {

  @Test
  void theVersionsIndexesTheDeadLetterIndexAndTheAlarmsIndexAreSet() {
    assertThat(IndexReplicas.indexes(new IndexLayout("t-"), PipelineVersion.parse("v2")))
        .containsExactly(
            "t-readings-v2", "t-aggregates-v2", "t-alerts-v2", "t-deadletters-v1", "t-alarms-v1");
  }

  @Test
  void theBodyTurnsAutoExpansionOffAndSetsTheCount() {
    assertThat(IndexReplicas.body(2))
        .isEqualTo("{\"index\":{\"auto_expand_replicas\":\"false\",\"number_of_replicas\":2}}");
  }

  @Test
  void aNegativeCountIsRefusedNamingTheProperty() {
    assertThatThrownBy(() -> IndexReplicas.body(-1))
        .hasMessageContaining("Replicas must be 0 or more, got -1");
  }
}
