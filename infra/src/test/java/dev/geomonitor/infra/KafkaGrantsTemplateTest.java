package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.actions;
import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.resourcesOf;
import static dev.geomonitor.infra.TemplateQueries.roleOfHandler;
import static dev.geomonitor.infra.TemplateQueries.statementsOfRole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * MSK IAM grants, exactly: for every principal, each kafka-cluster action maps to exactly the
 * cluster, topics and groups it needs, and no other role holds any kafka-cluster action. One
 * principal per test.
 */
class KafkaGrantsTemplateTest {
  private static final String CLUSTER = "cluster";
  private static final String RAW = "topic monitoring.raw";
  private static final String READINGS = "topic monitoring.readings";
  private static final String AGGREGATES = "topic monitoring.aggregates";
  private static final String ALERTS = "topic monitoring.alerts";
  private static final String DLQ = "topic monitoring.dlq";
  private static final Set<String> OUTPUTS = Set.of(READINGS, AGGREGATES, ALERTS);

  private static Template template;
  private static PipelineStack stack;

  @BeforeAll
  static void synthesize() {
    var synthesized = SynthesizedStacks.of("dev");
    template = synthesized.template();
    stack = synthesized.stack();
  }

  /**
   * kafka-cluster action -> the resources it is granted on, as "cluster", "topic NAME" or "group
   * NAME".
   */
  private static Map<String, Set<String>> grants(String role) {
    Map<String, Set<String>> grants = new TreeMap<>();
    for (Map<String, Object> statement : statementsOfRole(template, role)) {
      for (String action : actions(statement)) {
        if (action.startsWith("kafka-cluster:")) {
          resourcesOf(statement)
              .forEach(r -> grants.computeIfAbsent(action, a -> new TreeSet<>()).add(label(r)));
        }
      }
    }
    return grants;
  }

  /**
   * Topic and group ARNs are Fn::Join lists ending in "/NAME"; anything else must be the cluster's
   * ARN.
   */
  @SuppressWarnings("unchecked")
  private static String label(Object resource) {
    String text = String.valueOf(resource);
    if (!(resource instanceof Map<?, ?> map) || !map.containsKey("Fn::Join")) {
      assertThat(resource)
          .as("a non-joined kafka-cluster resource is the cluster ARN")
          .isEqualTo(stack.resolve(stack.kafka().clusterArn()));
      return CLUSTER;
    }
    List<Object> parts = (List<Object>) ((List<Object>) map.get("Fn::Join")).get(1);
    String last = String.valueOf(parts.get(parts.size() - 1));
    String name = last.substring(last.lastIndexOf('/') + 1);
    String kind = text.contains(":topic/") ? "topic" : text.contains(":group/") ? "group" : null;
    assertThat(kind).as("kind of " + text).isNotNull();
    return kind + " " + name;
  }

  private static Set<String> set(String... labels) {
    return new TreeSet<>(List.of(labels));
  }

  private static Set<String> union(Set<String> a, String... more) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(List.of(more));
    return all;
  }

  private static String logicalId(IConstruct construct) {
    CfnElement resource = (CfnElement) construct.getNode().getDefaultChild();
    return stack.resolve(stack.getLogicalId(resource)).toString();
  }

  @Test
  void producerWritesTheRawTopicAndTheDlqOnly() {
    assertThat(grants(roleOfHandler(template, HandlerClasses.PRODUCER)))
        .isEqualTo(
            Map.of(
                "kafka-cluster:Connect", set(CLUSTER),
                "kafka-cluster:WriteDataIdempotently", set(CLUSTER),
                "kafka-cluster:DescribeTopic", set(RAW, DLQ),
                "kafka-cluster:WriteData", set(RAW, DLQ)));
  }

  @Test
  void jobReadsRawInItsGroupAndWritesTheOutputsAndTheDlq() {
    Set<String> written = union(OUTPUTS, DLQ);
    assertThat(grants(logicalId(stack.streamingJob().jobRole())))
        .isEqualTo(
            Map.of(
                "kafka-cluster:Connect", set(CLUSTER),
                "kafka-cluster:WriteDataIdempotently", set(CLUSTER),
                "kafka-cluster:DescribeTopic", union(written, RAW),
                "kafka-cluster:ReadData", set(RAW),
                "kafka-cluster:WriteData", written,
                "kafka-cluster:DescribeGroup", set("group geomonitor-spark-v1"),
                "kafka-cluster:AlterGroup", set("group geomonitor-spark-v1")));
  }

  @Test
  void sinkReadsTheOutputsInItsGroupsWritesTheDlqAndReadsWhatItsEventSourcesNeed() {
    Set<String> groups =
        set(
            "group geomonitor-search-sink-v1.monitoring.readings",
            "group geomonitor-search-sink-v1.monitoring.aggregates",
            "group geomonitor-search-sink-v1.monitoring.alerts");
    assertThat(grants(roleOfHandler(template, HandlerClasses.SEARCH_SINK)))
        .isEqualTo(
            Map.of(
                "kafka-cluster:Connect", set(CLUSTER),
                "kafka-cluster:DescribeClusterDynamicConfiguration", set(CLUSTER),
                "kafka-cluster:WriteDataIdempotently", set(CLUSTER),
                "kafka-cluster:DescribeTopic", union(OUTPUTS, DLQ),
                "kafka-cluster:ReadData", OUTPUTS,
                "kafka-cluster:WriteData", set(DLQ),
                "kafka-cluster:DescribeGroup", groups,
                "kafka-cluster:AlterGroup", groups));
  }

  @Test
  void topicsHandlerCreatesAndAltersThePipelinesTopicsAndReadsNoData() {
    Set<String> all = union(OUTPUTS, RAW, DLQ);
    assertThat(grants(roleOfHandler(template, HandlerClasses.TOPICS_RESOURCE)))
        .isEqualTo(
            Map.of(
                "kafka-cluster:Connect", set(CLUSTER),
                "kafka-cluster:CreateTopic", all,
                "kafka-cluster:DescribeTopic", all,
                "kafka-cluster:AlterTopic", all,
                "kafka-cluster:DescribeTopicDynamicConfiguration", all,
                "kafka-cluster:AlterTopicDynamicConfiguration", all));
  }

  @Test
  void noOtherRoleHoldsAnyKafkaClusterAction() {
    Set<String> expected =
        set(
            roleOfHandler(template, HandlerClasses.PRODUCER),
            roleOfHandler(template, HandlerClasses.SEARCH_SINK),
            roleOfHandler(template, HandlerClasses.TOPICS_RESOURCE),
            logicalId(stack.streamingJob().jobRole()));
    Set<String> holders = new TreeSet<>();
    resources(template, "AWS::IAM::Policy").values().stream()
        .map(TemplateQueries::properties)
        .filter(p -> String.valueOf(p.get("PolicyDocument")).contains("kafka-cluster:"))
        .forEach(p -> holders.addAll(TemplateQueries.refs(p.get("Roles"))));

    assertThat(holders).isEqualTo(expected);
    assertThat(
            resources(template, "AWS::IAM::Role").values().stream()
                .map(r -> String.valueOf(properties(r).get("Policies"))))
        .noneMatch(inline -> inline.contains("kafka-cluster:"));
  }
}
