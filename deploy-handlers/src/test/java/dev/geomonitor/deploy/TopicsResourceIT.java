package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.embedded.KafkaBroker;
import dev.geomonitor.platform.kafka.KafkaAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topics resource against a real KRaft broker (plain security: MSK IAM cannot run here). */
class TopicsResourceIT {
  @TempDir static Path work;
  private static KafkaBroker broker;
  private static Admin admin;

  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private final CustomResourceCore core =
      new CustomResourceCore(
          new TopicsSetup(KafkaTopicAdmin.factory(KafkaAuth.NONE, Duration.ofSeconds(30))));

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(work.resolve("kafka"));
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    admin = Admin.create(props);
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** A fixture pointed at the test broker, one replica, topic names unique to this test. */
  private CustomResourceRequest event(String fixture, int partitions) {
    return Events.request(
        fixture,
        p -> {
          p.put("BootstrapServers", broker.bootstrapServers());
          p.put("ReplicationFactor", "1");
          for (var topic : (ArrayNode) p.get("Topics")) {
            ((ObjectNode) topic)
                .put("Name", prefix + topic.get("Name").asText())
                .put("Partitions", Integer.toString(partitions));
          }
        });
  }

  private String name(String base) {
    return prefix + "monitoring." + base;
  }

  @Test
  void createMakesTheTopicsWithRetentionAndASecondCreateIsANoOp() throws Exception {
    CustomResourceResponse first = core.handle(event("topics-create", 3));

    assertThat(first.succeeded()).as(first.reason()).isTrue();
    assertThat(first.data().get("Created").split(",")).hasSize(5);
    Map<String, TopicDescription> topics =
        admin
            .describeTopics(List.of(name("raw"), name("readings"), name("dlq")))
            .allTopicNames()
            .get();
    assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
    assertThat(retentionOf(name("raw"))).isEqualTo("-1");
    assertThat(retentionOf(name("readings"))).isEqualTo("604800000");
    assertThat(retentionOf(name("dlq"))).isEqualTo("2592000000");

    CustomResourceResponse second = core.handle(event("topics-create", 3));

    assertThat(second.succeeded()).as(second.reason()).isTrue();
    assertThat(second.data())
        .containsEntry("Created", "")
        .containsEntry("PartitionsIncreased", "")
        .containsEntry("RetentionChanged", "");
    assertThat(second.physicalResourceId()).isEqualTo(first.physicalResourceId());
  }

  @Test
  void updateRaisesPartitionsAndDeleteLeavesTheTopics() throws Exception {
    core.handle(event("topics-create", 2));

    CustomResourceResponse update = core.handle(event("topics-update", 4));
    CustomResourceResponse delete = core.handle(event("topics-delete", 4));

    assertThat(update.succeeded()).as(update.reason()).isTrue();
    assertThat(update.data().get("PartitionsIncreased")).contains(name("alerts"), name("raw"));
    // the controller has committed the change; the broker's metadata cache follows a moment later
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        admin
                            .describeTopics(List.of(name("alerts")))
                            .allTopicNames()
                            .get()
                            .get(name("alerts"))
                            .partitions())
                    .hasSize(4));
    assertThat(delete.succeeded()).isTrue();
    assertThat(admin.listTopics().names().get()).contains(name("raw"), name("dlq"));
  }

  @Test
  void anUnreachableClusterFailsNamingTheTopicStep() {
    CustomResourceCore impatient =
        new CustomResourceCore(
            new TopicsSetup(KafkaTopicAdmin.factory(KafkaAuth.NONE, Duration.ofSeconds(2))));

    CustomResourceResponse response =
        impatient.handle(
            Events.request(
                "topics-create",
                p -> {
                  p.put("BootstrapServers", "127.0.0.1:1");
                  p.put("ReplicationFactor", "1");
                }));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason()).startsWith("kafka-topics create failed:").contains("monitoring.");
  }

  private static String retentionOf(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    return config.get("retention.ms").value();
  }
}
