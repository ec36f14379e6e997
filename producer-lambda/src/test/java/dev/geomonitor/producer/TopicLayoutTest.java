package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.platform.kafka.TopicSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {

  @Test
  void rawTopicIsKeptForeverOutputsAndDlqAreFinite() {
    List<TopicSpec> specs = TopicLayout.defaults(6, (short) 1).specsFor(Topics.DEFAULT);

    assertThat(specs).extracting(TopicSpec::name).containsExactlyElementsOf(Topics.DEFAULT.all());
    assertThat(specs).allSatisfy(s -> assertThat(s.partitions()).isEqualTo(6));
    assertThat(specs.get(0).configs()).containsEntry("retention.ms", "-1");
    assertThat(specs.subList(1, 5))
        .allSatisfy(s -> assertThat(Long.parseLong(s.configs().get("retention.ms"))).isPositive());
    assertThat(specs)
        .allSatisfy(s -> assertThat(s.configs()).doesNotContainKey("min.insync.replicas"));
  }

  @Test
  void replicatedTopicsRequireTwoInSyncCopies() {
    List<TopicSpec> specs = TopicLayout.defaults(3, (short) 3).specsFor(Topics.DEFAULT);

    assertThat(specs)
        .allSatisfy(s -> assertThat(s.configs()).containsEntry("min.insync.replicas", "2"));
  }
}
