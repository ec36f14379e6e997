package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The prod configuration: provisioned Kafka, Aurora Serverless v2, a zone-aware search cluster,
 * more capacity.
 */
class ProdStackTemplateTest {
  private static Template prod;
  private static Template dev;

  @BeforeAll
  static void synthesize() {
    prod = SynthesizedStacks.of("prod").template();
    dev = SynthesizedStacks.of("dev").template();
  }

  @Test
  void provisionedMskUsesIamWithUnauthenticatedAccessOff() {
    prod.hasResourceProperties(
        "AWS::MSK::Cluster",
        Map.of(
            "ClientAuthentication",
            Map.of(
                "Sasl",
                Map.of("Iam", Map.of("Enabled", true)),
                "Unauthenticated",
                Map.of("Enabled", false))));
  }

  @Test
  void provisionedMskEncryptsClientAndInterBrokerTrafficWithTls() {
    prod.hasResourceProperties(
        "AWS::MSK::Cluster",
        Map.of(
            "EncryptionInfo",
            Match.objectLike(
                Map.of("EncryptionInTransit", Map.of("ClientBroker", "TLS", "InCluster", true)))));
  }

  @Test
  void prodRunsMoreAndLargerBrokersThanDev() {
    // (dev ran MSK Serverless before the cheap dev configuration; it now runs two kafka.t3.small
    // brokers)
    prod.hasResourceProperties(
        "AWS::MSK::Cluster",
        Map.of(
            "NumberOfBrokerNodes",
            4,
            "BrokerNodeGroupInfo",
            Match.objectLike(Map.of("InstanceType", "kafka.m7g.large"))));
    dev.hasResourceProperties(
        "AWS::MSK::Cluster",
        Map.of(
            "NumberOfBrokerNodes",
            2,
            "BrokerNodeGroupInfo",
            Match.objectLike(Map.of("InstanceType", "kafka.t3.small"))));
    dev.resourceCountIs("AWS::MSK::ServerlessCluster", 0);
  }

  @Test
  void prodTopicsHaveMorePartitionsThanDev() {
    assertThat(rawTopicPartitions(prod)).isGreaterThan(rawTopicPartitions(dev));
  }

  @Test
  void prodSparkMayUseMoreCapacityThanDev() {
    assertThat(maxCapacity(prod, "Cpu")).isGreaterThan(maxCapacity(dev, "Cpu"));
    assertThat(maxCapacity(prod, "Memory")).isGreaterThan(maxCapacity(dev, "Memory"));
  }

  @Test
  void prodDatabaseIsEncryptedMultiAzAuroraServerlessV2() {
    prod.hasResourceProperties(
        "AWS::RDS::DBCluster",
        Map.of(
            "StorageEncrypted",
            true,
            "ServerlessV2ScalingConfiguration",
            Map.of("MinCapacity", 1, "MaxCapacity", 16)));
    prod.resourceCountIs("AWS::RDS::DBInstance", 2);
    prod.hasResourceProperties("AWS::RDS::DBInstance", Map.of("PubliclyAccessible", false));
  }

  @Test
  void prodDatabaseSecretRotates() {
    // the master's single-user rotation and the job, reader and alarms users' multi-user ones
    prod.resourceCountIs("AWS::SecretsManager::RotationSchedule", 4);
  }

  @Test
  void prodSearchIsZoneAwareAcrossTwoZonesWithDedicatedMasters() {
    prod.hasResourceProperties(
        "AWS::OpenSearchService::Domain",
        Map.of(
            "ClusterConfig",
            Match.objectLike(
                Map.of(
                    "InstanceCount",
                    2,
                    "ZoneAwarenessEnabled",
                    true,
                    "ZoneAwarenessConfig",
                    Map.of("AvailabilityZoneCount", 2),
                    "DedicatedMasterEnabled",
                    true,
                    "DedicatedMasterCount",
                    3))));
  }

  @Test
  void prodKeepsTheDatabaseWhenTheStackIsDeleted() {
    prod.hasResource("AWS::RDS::DBCluster", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void prodAlarmsIncludeTheDlqTopicSummedOverEveryBroker() {
    var alarm =
        resources(prod, "AWS::CloudWatch::Alarm").values().stream()
            .map(TemplateQueries::properties)
            .filter(p -> String.valueOf(p.get("AlarmDescription")).contains("DLQ topic"))
            .findFirst()
            .orElseThrow();
    assertThat(String.valueOf(alarm.get("Metrics")))
        .contains("b1 + b2 + b3 + b4")
        .contains("monitoring.dlq");
  }

  @Test
  void everyNagAcknowledgementMatchesAConstruct() {
    assertThat(SynthesizedStacks.of("prod").stack().unmatchedAcknowledgements()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static int rawTopicPartitions(Template template) {
    var topics =
        properties(resources(template, "Custom::GeomonitorTopics").values().iterator().next());
    return ((List<Map<String, Object>>) topics.get("Topics"))
        .stream()
            .filter(t -> "monitoring.raw".equals(t.get("Name")))
            .mapToInt(t -> Integer.parseInt((String) t.get("Partitions")))
            .findFirst()
            .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static double maxCapacity(Template template, String field) {
    var app =
        properties(
            resources(template, "AWS::EMRServerless::Application").values().iterator().next());
    return CostEstimate.number(
        (String) ((Map<String, Object>) app.get("MaximumCapacity")).get(field));
  }
}
