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
 * Prod keeps the Kappa log and the stores built from it; Kafka is as durable as the code assumes.
 */
class DataRetentionTemplateTest {
  private static Template prod;
  private static Template dev;

  @BeforeAll
  static void synthesize() {
    prod = SynthesizedStacks.of("prod").template();
    dev = SynthesizedStacks.of("dev").template();
  }

  @Test
  void prodRetainsTheKafkaClusterWhenTheStackOrResourceGoes() {
    prod.hasResource(
        "AWS::MSK::Cluster", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
  }

  @Test
  void prodRetainsTheDatabaseAndTheSearchDomain() {
    prod.hasResource("AWS::RDS::DBCluster", Map.of("DeletionPolicy", "Retain"));
    prod.hasResource("AWS::OpenSearchService::Domain", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void prodCredentialsSecretsOutliveTheirStores() {
    var secrets = resources(prod, "AWS::SecretsManager::Secret");
    // master, job, reader, alarms users and the OpenSearch master user
    assertThat(secrets).hasSize(5);
    secrets.values().forEach(s -> assertThat(s.get("DeletionPolicy")).isEqualTo("Retain"));
  }

  @Test
  void prodBrokersRequireTwoInSyncReplicasOfThree() {
    var config = properties(resources(prod, "AWS::MSK::Configuration").values().iterator().next());
    assertThat(String.valueOf(config.get("ServerProperties")))
        .contains("min.insync.replicas=2")
        .contains("default.replication.factor=3")
        .contains("unclean.leader.election.enable=false")
        .contains("auto.create.topics.enable=false");
    prod.hasResourceProperties(
        "AWS::MSK::Cluster",
        Map.of("ConfigurationInfo", Match.objectLike(Map.of("Arn", Match.anyValue()))));
  }

  @Test
  void prodBrokerStorageGrowsByItselfUpToTheConfiguredCeiling() {
    prod.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        Map.of(
            "ServiceNamespace",
            "kafka",
            "ScalableDimension",
            "kafka:broker-storage:VolumeSize",
            "MinCapacity",
            500,
            "MaxCapacity",
            4000));
    prod.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Map.of(
            "TargetTrackingScalingPolicyConfiguration",
            Match.objectLike(
                Map.of(
                    "PredefinedMetricSpecification",
                    Map.of("PredefinedMetricType", "KafkaBrokerStorageUtilization"),
                    "DisableScaleIn",
                    true))));
  }

  @Test
  void prodAlarmsWhenABrokerDiskFillsUp() {
    var alarm =
        resources(prod, "AWS::CloudWatch::Alarm").values().stream()
            .map(TemplateQueries::properties)
            .filter(p -> String.valueOf(p.get("Metrics")).contains("KafkaDataLogsDiskUsed"))
            .toList();
    assertThat(alarm).hasSize(1);
    assertThat(alarm.get(0).get("Threshold")).isEqualTo(85);
    assertThat(String.valueOf(alarm.get(0).get("Metrics"))).contains("MAX([d1, d2, d3, d4])");
  }

  @Test
  void checkpointBucketExpiresOverwrittenCheckpointVersionsAndOldLogs() {
    dev.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "LifecycleConfiguration",
            Map.of(
                "Rules",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Prefix", "checkpoints/",
                                "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 7),
                                "Status", "Enabled")),
                        Match.objectLike(
                            Map.of(
                                "Prefix",
                                "emr-logs/",
                                "ExpirationInDays",
                                14,
                                "Status",
                                "Enabled")))))));
  }
}
