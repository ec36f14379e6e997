package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.embedded.testing.TestServices;
import dev.geomonitor.platform.kafka.TopicProvisioner;
import dev.geomonitor.platform.kafka.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServices.class)
class TopicProvisionerIT {

  @Test
  void createsAbsentTopicsOnceWithTheirRetentionAndToleratesExistingOnes(KafkaBroker broker)
      throws Exception {
    Topics topics =
        Topics.DEFAULT.withPrefix("prov-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    KafkaSettings kafka = KafkaSettings.local(broker.bootstrapServers());
    List<TopicSpec> specs = TopicLayout.defaults(2, (short) 1).specsFor(topics);
    try (Admin admin = kafka.admin()) {
      TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(20));
      // Given the DLQ already exists
      broker.createTopic(topics.dlq(), 1);

      // When the topics are provisioned twice
      List<String> first = provisioner.ensure(specs);
      List<String> second = provisioner.ensure(specs);

      // Then the first call created the four missing ones, the second none, and the existing one
      // was left as it was
      assertThat(first)
          .containsExactlyInAnyOrder(
              topics.raw(), topics.readings(), topics.aggregates(), topics.alerts());
      assertThat(second).isEmpty();
      assertThat(
              admin
                  .describeTopics(List.of(topics.dlq()))
                  .allTopicNames()
                  .get(10, TimeUnit.SECONDS)
                  .get(topics.dlq())
                  .partitions())
          .hasSize(1);
      Map<ConfigResource, Config> configs =
          admin
              .describeConfigs(
                  List.of(
                      new ConfigResource(ConfigResource.Type.TOPIC, topics.raw()),
                      new ConfigResource(ConfigResource.Type.TOPIC, topics.alerts())))
              .all()
              .get(10, TimeUnit.SECONDS);
      assertThat(
              configs
                  .get(new ConfigResource(ConfigResource.Type.TOPIC, topics.raw()))
                  .get("retention.ms")
                  .value())
          .isEqualTo("-1");
      assertThat(
              configs
                  .get(new ConfigResource(ConfigResource.Type.TOPIC, topics.alerts()))
                  .get("retention.ms")
                  .value())
          .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
    }
  }
}
