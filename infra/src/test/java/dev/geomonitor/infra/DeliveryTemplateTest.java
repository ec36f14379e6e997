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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Failure destinations are reachable from the VPC and can be written through the stack key; polls
 * never bunch up.
 */
class DeliveryTemplateTest {
  private static Template template;
  private static PipelineStack stack;

  @BeforeAll
  static void synthesize() {
    var synthesized = SynthesizedStacks.of("dev");
    template = synthesized.template();
    stack = synthesized.stack();
  }

  private static String keyId() {
    return stack
        .resolve(
            stack.getLogicalId(
                (software.amazon.awscdk.CfnResource) stack.key().getNode().getDefaultChild()))
        .toString();
  }

  @Test
  void sqsIsReachableThroughAnInterfaceEndpoint() {
    assertThat(
            resources(template, "AWS::EC2::VPCEndpoint").values().stream()
                .map(r -> String.valueOf(properties(r).get("ServiceName"))))
        .anyMatch(name -> name.contains(".sqs"));
  }

  @Test
  void everyPipelineFunctionMayEncryptForItsDeadLetterQueue() {
    for (String handler : List.of(HandlerClasses.PRODUCER, HandlerClasses.SEARCH_SINK)) {
      var statements = statementsOfRole(template, roleOfHandler(template, handler));
      assertThat(statements)
          .as(handler)
          .anySatisfy(
              s -> {
                assertThat(actions(s)).contains("kms:GenerateDataKey*", "kms:Decrypt");
                assertThat(String.valueOf(resourcesOf(s))).contains(keyId());
              });
      assertThat(statements)
          .as(handler)
          .anySatisfy(s -> assertThat(actions(s)).contains("sqs:SendMessage"));
    }
  }

  @Test
  void keyPolicyAdmitsEventBridgeForTheScheduleDeadLetterQueue() {
    var key = properties(resources(template, "AWS::KMS::Key").get(keyId()));
    assertThat(String.valueOf(key.get("KeyPolicy")))
        .contains("Service=events.amazonaws.com")
        .contains("kms:GenerateDataKey")
        .contains("aws:SourceAccount");
  }

  @Test
  void scheduleSendsUndeliverablePollsToAnEncryptedQueue() {
    template.hasResourceProperties(
        "AWS::Events::Rule",
        Map.of(
            "Targets",
            List.of(Match.objectLike(Map.of("DeadLetterConfig", Match.objectLike(Map.of()))))));
    template.hasResourceProperties(
        "AWS::SQS::Queue", Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId(), "Arn"))));
  }

  @Test
  void producerDropsStalePollsInsteadOfRetryingThem() {
    template.hasResourceProperties(
        "AWS::Lambda::EventInvokeConfig",
        Map.of(
            "FunctionName", Map.of("Ref", logicalIdOfProducer()),
            "MaximumEventAgeInSeconds", 60,
            "MaximumRetryAttempts", 0));
  }

  private static String logicalIdOfProducer() {
    return stack
        .resolve(
            stack.getLogicalId(
                (software.amazon.awscdk.CfnResource)
                    stack.functions().producer().function().getNode().getDefaultChild()))
        .toString();
  }
}
