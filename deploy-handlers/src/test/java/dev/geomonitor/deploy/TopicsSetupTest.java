package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsSetupTest {
  private final InMemoryTopicAdmin cluster = new InMemoryTopicAdmin();
  private final CustomResourceCore core =
      new CustomResourceCore(new TopicsSetup(cluster.factory()));

  @Test
  void createMakesEveryTopicWithItsPartitionsAndRetention() {
    CustomResourceResponse response = core.handle(Events.request("topics-create"));

    assertThat(response.succeeded()).isTrue();
    assertThat(cluster.opened)
        .containsExactly("b-1.geomonitor.kafka-serverless.ap-southeast-2.amazonaws.com:9098");
    assertThat(cluster.topics.get("monitoring.raw"))
        .isEqualTo(new TopicState("monitoring.raw", 6, "-1"));
    assertThat(cluster.topics.get("monitoring.dlq").retentionMs()).isEqualTo("2592000000");
    assertThat(response.data())
        .containsEntry(
            "Created",
            "monitoring.raw,monitoring.readings,monitoring.aggregates,monitoring.alerts,"
                + "monitoring.dlq")
        .containsEntry("PartitionsIncreased", "");
    assertThat(cluster.closed).isEqualTo(1);
  }

  @Test
  void aSecondCreateChangesNothing() {
    core.handle(Events.request("topics-create"));
    cluster.changes.clear();

    CustomResourceResponse again = core.handle(Events.request("topics-create"));

    assertThat(again.succeeded()).isTrue();
    assertThat(cluster.changes).isEmpty();
    assertThat(again.data()).containsEntry("Created", "").containsEntry("RetentionChanged", "");
  }

  @Test
  void updateRaisesPartitionsOfExistingTopics() {
    core.handle(Events.request("topics-create"));

    CustomResourceResponse response = core.handle(Events.request("topics-update"));

    assertThat(response.succeeded()).isTrue();
    assertThat(cluster.topics.values()).allSatisfy(t -> assertThat(t.partitions()).isEqualTo(12));
    assertThat(response.data().get("PartitionsIncreased").split(",")).hasSize(5);
    assertThat(response.physicalResourceId())
        .isEqualTo("kafka-topics:geomonitor-dev:DeployResourcesTopics");
  }

  @Test
  void updateCreatesATopicAddedToTheList() {
    core.handle(Events.request("topics-create"));

    CustomResourceResponse response =
        core.handle(
            Events.request(
                "topics-update",
                p ->
                    ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("Topics"))
                        .addObject()
                        .put("Name", "monitoring.extra")
                        .put("Partitions", "2")
                        .put("RetentionMs", "3600000")));

    assertThat(response.data()).containsEntry("Created", "monitoring.extra");
    assertThat(cluster.topics).containsKey("monitoring.extra");
  }

  @Test
  void aChangedRetentionIsSetOnTheExistingTopic() {
    core.handle(Events.request("topics-create"));

    core.handle(
        Events.request(
            "topics-update",
            p -> ((ObjectNode) p.get("Topics").get(1)).put("RetentionMs", "1000")));

    assertThat(cluster.topics.get("monitoring.readings").retentionMs()).isEqualTo("1000");
    assertThat(cluster.changes).contains("retention monitoring.readings=1000");
  }

  @Test
  void fewerPartitionsThanTheTopicHasFailsNamingTheTopic() {
    core.handle(Events.request("topics-update"));

    CustomResourceResponse response = core.handle(Events.request("topics-create"));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason())
        .startsWith("kafka-topics create failed: topic monitoring.raw has 12 partitions")
        .contains("cannot reduce them to 6");
  }

  @Test
  void deleteKeepsTheTopicsAndNeverConnects() {
    CustomResourceResponse response = core.handle(Events.request("topics-delete"));

    assertThat(response.succeeded()).isTrue();
    assertThat(response.data()).isEqualTo(Map.of("Retained", "true"));
    assertThat(cluster.opened).isEmpty();
  }

  @Test
  void aMissingBootstrapServersPropertyFailsNamingIt() {
    CustomResourceResponse response =
        core.handle(Events.request("topics-create", p -> p.remove("BootstrapServers")));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason()).contains("resource property BootstrapServers is missing");
  }

  @Test
  void everyTopicKeepsRecordsByTimeOnlyWithSettingsMskServerlessAccepts() {
    TopicsProperties properties =
        TopicsProperties.from(Events.request("topics-create").properties());

    assertThat(properties.topics())
        .allSatisfy(
            t ->
                assertThat(t.configs())
                    .containsOnlyKeys("retention.ms", "retention.bytes", "cleanup.policy")
                    .containsEntry("retention.bytes", "-1"));
    assertThat(properties.replicationFactor()).isEqualTo((short) 3);
  }
}
