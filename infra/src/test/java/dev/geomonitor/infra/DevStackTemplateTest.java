package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.actions;
import static dev.geomonitor.infra.TemplateQueries.functionWithHandler;
import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.refs;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.resourcesOf;
import static dev.geomonitor.infra.TemplateQueries.roleOfHandler;
import static dev.geomonitor.infra.TemplateQueries.statementsOfRole;
import static dev.geomonitor.infra.TemplateQueries.subnetsOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Security and wiring claims of the dev stack, one fact per test, on one shared synthesis. */
class DevStackTemplateTest {
  private static Template template;
  private static PipelineStack stack;

  @BeforeAll
  static void synthesize() {
    var synthesized = SynthesizedStacks.of("dev");
    template = synthesized.template();
    stack = synthesized.stack();
  }

  @Test
  void databaseIsNotPubliclyAccessible() {
    template.hasResourceProperties("AWS::RDS::DBInstance", Map.of("PubliclyAccessible", false));
  }

  @Test
  void databaseStorageIsEncryptedWithTheStackKey() {
    template.hasResourceProperties(
        "AWS::RDS::DBInstance",
        Map.of(
            "StorageEncrypted",
            true,
            "KmsKeyId",
            Map.of("Fn::GetAtt", List.of(logicalId(stack.key()), "Arn"))));
  }

  @Test
  void databaseSubnetGroupHasOnlyIsolatedSubnets() {
    var group =
        properties(resources(template, "AWS::RDS::DBSubnetGroup").values().iterator().next());
    assertThat(refs(group.get("SubnetIds")))
        .isNotEmpty()
        .isSubsetOf(subnetsOfType(template, "Isolated"));
  }

  @Test
  void databaseSecretRotatesOnTheConfiguredSchedule() {
    template.hasResourceProperties(
        "AWS::SecretsManager::RotationSchedule",
        Map.of("RotationRules", Map.of("ScheduleExpression", "rate(30 days)")));
  }

  @Test
  void openSearchUsesFineGrainedAccessControlWithoutAnonymousAccess() {
    template.hasResourceProperties(
        "AWS::OpenSearchService::Domain",
        Map.of(
            "AdvancedSecurityOptions",
            Match.objectLike(
                Map.of(
                    "Enabled", true,
                    "InternalUserDatabaseEnabled", true,
                    "AnonymousAuthEnabled", Match.absent()))));
  }

  @Test
  void openSearchEncryptsAtRestAndBetweenNodes() {
    template.hasResourceProperties(
        "AWS::OpenSearchService::Domain",
        Map.of(
            "EncryptionAtRestOptions", Match.objectLike(Map.of("Enabled", true)),
            "NodeToNodeEncryptionOptions", Map.of("Enabled", true)));
  }

  @Test
  void openSearchEnforcesHttpsWithTls12() {
    template.hasResourceProperties(
        "AWS::OpenSearchService::Domain",
        Map.of(
            "DomainEndpointOptions",
            Map.of("EnforceHTTPS", true, "TLSSecurityPolicy", "Policy-Min-TLS-1-2-2019-07")));
  }

  @Test
  void singleOpenSearchNodeUsesOneSubnetWithoutZoneAwareness() {
    template.hasResourceProperties(
        "AWS::OpenSearchService::Domain",
        Map.of(
            "ClusterConfig",
            Match.objectLike(Map.of("InstanceCount", 1, "ZoneAwarenessEnabled", false))));
    var domain =
        properties(
            resources(template, "AWS::OpenSearchService::Domain").values().iterator().next());
    @SuppressWarnings("unchecked")
    var vpc = (Map<String, Object>) domain.get("VPCOptions");
    assertThat((List<?>) vpc.get("SubnetIds")).hasSize(1);
  }

  @Test
  void sinkKafkaActionsNameOnlyItsTopicsAndGroups() {
    // Given the statements of the sink's role that grant kafka-cluster actions
    String role = roleOfHandler(template, HandlerClasses.SEARCH_SINK);
    var kafkaStatements =
        statementsOfRole(template, role).stream()
            .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("kafka-cluster:")))
            .toList();

    // Then none uses a wildcard resource, reads are on the output topics, groups are the sink's own
    assertThat(kafkaStatements).isNotEmpty();
    kafkaStatements.forEach(s -> assertThat(String.valueOf(resourcesOf(s))).doesNotContain("*"));
    assertThat(resourcesText(kafkaStatements, "kafka-cluster:ReadData"))
        .contains("topic/", "monitoring.readings", "monitoring.aggregates", "monitoring.alerts")
        .doesNotContain("monitoring.raw");
    assertThat(resourcesText(kafkaStatements, "kafka-cluster:AlterGroup"))
        .contains("group/", "geomonitor-search-sink-v1.monitoring.readings");
    assertThat(actionsOf(kafkaStatements))
        .contains(
            "kafka-cluster:Connect",
            "kafka-cluster:DescribeTopic",
            "kafka-cluster:ReadData",
            "kafka-cluster:DescribeGroup",
            "kafka-cluster:AlterGroup");
  }

  @Test
  void producerWritesOnlyTheRawAndDeadLetterTopicsIdempotently() {
    String role = roleOfHandler(template, HandlerClasses.PRODUCER);
    var kafkaStatements =
        statementsOfRole(template, role).stream()
            .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("kafka-cluster:")))
            .toList();

    assertThat(actionsOf(kafkaStatements))
        .containsExactlyInAnyOrder(
            "kafka-cluster:Connect",
            "kafka-cluster:WriteDataIdempotently",
            "kafka-cluster:DescribeTopic",
            "kafka-cluster:WriteData");
    assertThat(resourcesText(kafkaStatements, "kafka-cluster:WriteData"))
        .contains("monitoring.raw", "monitoring.dlq")
        .doesNotContain("monitoring.readings", "*");
  }

  @Test
  void sparkJobReadsOnlyTheRawTopicInItsOwnGroupAndWritesTheOutputs() {
    String role = logicalId(stack.streamingJob().jobRole());
    var kafkaStatements =
        statementsOfRole(template, role).stream()
            .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("kafka-cluster:")))
            .toList();

    kafkaStatements.forEach(s -> assertThat(String.valueOf(resourcesOf(s))).doesNotContain("*"));
    assertThat(resourcesText(kafkaStatements, "kafka-cluster:ReadData"))
        .contains("monitoring.raw")
        .doesNotContain(
            "monitoring.readings", "monitoring.aggregates", "monitoring.alerts", "monitoring.dlq");
    assertThat(resourcesText(kafkaStatements, "kafka-cluster:AlterGroup"))
        .contains("group/", "geomonitor-spark-v1");
    assertThat(resourcesText(kafkaStatements, "kafka-cluster:WriteData"))
        .contains(
            "monitoring.readings", "monitoring.aggregates", "monitoring.alerts", "monitoring.dlq")
        .doesNotContain("monitoring.raw");
  }

  @Test
  void producerRunsOnTheConfiguredScheduleThroughItsAlias() {
    template.hasResourceProperties(
        "AWS::Events::Rule",
        Map.of(
            "ScheduleExpression",
            "rate(1 minute)",
            "Targets",
            List.of(
                Match.objectLike(
                    Map.of(
                        "Arn", Map.of("Ref", logicalId(stack.functions().producer().alias())))))));
  }

  @Test
  void producerHasReservedConcurrencyOneSoPollsNeverOverlap() {
    assertThat(
            functionWithHandler(template, HandlerClasses.PRODUCER)
                .get("ReservedConcurrentExecutions"))
        .isEqualTo(1);
  }

  @Test
  void pipelineFunctionsRunJava21InTheVpcWithSnapStart() {
    for (String handler :
        List.of(HandlerClasses.PRODUCER, HandlerClasses.SEARCH_SINK, HandlerClasses.SIMULATOR)) {
      var function = functionWithHandler(template, handler);
      assertThat(function.get("Runtime")).as(handler).isEqualTo("java21");
      assertThat(function).as(handler).containsKey("VpcConfig");
      assertThat(function.get("SnapStart"))
          .as(handler)
          .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }
  }

  @Test
  void simulatorIsServedByAFunctionUrlWhenNoExternalApiIsConfigured() {
    template.resourceCountIs("AWS::Lambda::Url", 1);
  }

  @Test
  void emrApplicationRunsSparkInThePrivateAppSubnets() {
    var app =
        properties(
            resources(template, "AWS::EMRServerless::Application").values().iterator().next());
    assertThat(app.get("ReleaseLabel")).isEqualTo("emr-7.7.0");
    assertThat(app.get("Type")).isEqualTo("Spark");
    @SuppressWarnings("unchecked")
    var network = (Map<String, Object>) app.get("NetworkConfiguration");
    assertThat(refs(network.get("SubnetIds"))).isEqualTo(subnetsOfType(template, "Private"));
  }

  @Test
  void streamingJobRunIsStartedAtDeployWithARetryPolicyAndTheConfigHash() {
    var run = JobTemplateTest.jobRun(template);
    assertThat(String.valueOf(run))
        .contains("MaxFailedAttemptsPerHour")
        .contains(stack.streamingJob().configHash())
        .contains(HandlerClasses.STREAMING_JOB);
  }

  @Test
  void deployTimeCustomResourcesCreateTopicsMigrateSchemaAndSetUpSearch() {
    template.resourceCountIs("Custom::GeomonitorTopics", 1);
    template.resourceCountIs("Custom::GeomonitorSchemaMigration", 1);
    template.resourceCountIs("Custom::GeomonitorSearchSetup", 1);
    template.hasResourceProperties(
        "Custom::GeomonitorTopics",
        Map.of(
            "Topics",
            Match.arrayWith(
                List.of(
                    Map.of("Name", "monitoring.raw", "Partitions", "3", "RetentionMs", "-1")))));
  }

  @Test
  void alarmsWatchEveryStageAndNotifyTheAlarmTopic() {
    var alarms = resources(template, "AWS::CloudWatch::Alarm");
    // 10 alarms, plus the broker disk alarm now that dev runs provisioned brokers
    assertThat(alarms).hasSize(11);
    String topic = logicalId(stack.operations().alarmTopic());
    alarms
        .values()
        .forEach(
            a ->
                assertThat(properties(a).get("AlarmActions"))
                    .isEqualTo(List.of(Map.of("Ref", topic))));
  }

  @Test
  void stackOutputsTheEndpointsOperatorsNeed() {
    for (String output :
        List.of("DashboardsUrl", "BootstrapServers", "DbEndpoint", "DbSecretArn", "ApiUrl")) {
      template.hasOutput(output, Match.anyValue());
    }
  }

  @Test
  void everyNagAcknowledgementMatchesAConstruct() {
    assertThat(stack.unmatchedAcknowledgements()).isEmpty();
  }

  private static String logicalId(software.constructs.IConstruct construct) {
    var resource =
        construct instanceof software.amazon.awscdk.CfnResource c
            ? c
            : (software.amazon.awscdk.CfnResource) construct.getNode().getDefaultChild();
    return stack.resolve(stack.getLogicalId(resource)).toString();
  }

  private static List<String> actionsOf(List<Map<String, Object>> statements) {
    return statements.stream().flatMap(s -> actions(s).stream()).toList();
  }

  private static String resourcesText(List<Map<String, Object>> statements, String action) {
    return statements.stream()
        .filter(s -> actions(s).contains(action))
        .map(s -> String.valueOf(resourcesOf(s)))
        .reduce("", String::concat);
  }
}
