package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.actions;
import static dev.geomonitor.infra.TemplateQueries.functionWithHandler;
import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static dev.geomonitor.infra.TemplateQueries.resourcesOf;
import static dev.geomonitor.infra.TemplateQueries.roleOfHandler;
import static dev.geomonitor.infra.TemplateQueries.statementsOfRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.assertions.Template;

/** Geotechnical alarms on AWS: topics, the notifier, the alarm API and what each may do. */
class AlarmsTemplateTest {
  private static Template template;
  private static PipelineStack stack;

  @BeforeAll
  static void synthesize() {
    var synthesized = SynthesizedStacks.of("dev");
    template = synthesized.template();
    stack = synthesized.stack();
  }

  private static String logicalId(software.constructs.IConstruct construct) {
    return stack.getLogicalId((CfnResource) construct.getNode().getDefaultChild());
  }

  private static Set<String> alarmTopicIds() {
    return stack.alarms().topics().values().stream()
        .map(AlarmsTemplateTest::logicalId)
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(String handler) {
    return (Map<String, Object>)
        ((Map<String, Object>) functionWithHandler(template, handler).get("Environment"))
            .get("Variables");
  }

  private static List<Map<String, Object>> statements(String handler) {
    return statementsOfRole(template, roleOfHandler(template, handler));
  }

  @Test
  void thereIsOneEncryptedTopicPerSeverityAndOneForInstrumentHealth() {
    var topics = resources(template, "AWS::SNS::Topic");
    assertThat(alarmTopicIds()).hasSize(4);
    for (String id : alarmTopicIds()) {
      assertThat(properties(topics.get(id))).containsKey("KmsMasterKeyId");
    }
  }

  @Test
  void theNotifierIsToldEveryLevelsTopic() {
    String topics = String.valueOf(environment(HandlerClasses.ALARM_NOTIFIER).get("ALARM_TOPICS"));
    for (String level : List.of("ALERT", "ALARM", "ACTION", "STALE", "FLATLINE", "RATE")) {
      assertThat(topics).contains(level + "=");
    }
  }

  @Test
  void theNotifierRunsEveryMinute() {
    assertThat(
            resources(template, "AWS::Events::Rule").values().stream()
                .map(r -> properties(r).get("ScheduleExpression")))
        .contains("rate(1 minute)");
    assertThat(
            resources(template, "AWS::Events::Rule").values().stream()
                .filter(r -> "rate(1 minute)".equals(properties(r).get("ScheduleExpression")))
                .map(r -> String.valueOf(properties(r).get("Targets"))))
        .anyMatch(t -> t.contains(logicalId(stack.alarms().notifier().alias())));
  }

  @Test
  void theNotifierIndexesAlarmsIntoTheDomainSigningAsItself() {
    assertThat(environment(HandlerClasses.ALARM_NOTIFIER))
        .containsEntry("OPENSEARCH_AUTH", "sigv4")
        .containsEntry("OPENSEARCH_REGION", "ap-southeast-2")
        .containsKey("OPENSEARCH_URL")
        .doesNotContainKey("OPENSEARCH_SECRET_ARN");
    assertThat(String.valueOf(environment(HandlerClasses.ALARM_NOTIFIER).get("OPENSEARCH_URL")))
        .contains("SearchDomain");
  }

  @Test
  void theNotifierMaySendHttpRequestsToTheDomainOnly() {
    var es =
        statements(HandlerClasses.ALARM_NOTIFIER).stream()
            .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("es:")))
            .toList();
    assertThat(es).isNotEmpty();
    es.forEach(
        s ->
            assertThat(String.valueOf(resourcesOf(s)))
                .contains("SearchDomain")
                .doesNotContain("\"*\""));
  }

  @Test
  void theApiFunctionDoesNotTouchOpenSearch() {
    assertThat(environment(HandlerClasses.ALARM_API)).doesNotContainKey("OPENSEARCH_URL");
    assertThat(statements(HandlerClasses.ALARM_API))
        .noneSatisfy(s -> assertThat(actions(s)).anyMatch(a -> a.startsWith("es:")));
  }

  @Test
  void searchSetupMapsTheNotifiersRoleToTheAlarmsWriter() {
    String role = roleOfHandler(template, HandlerClasses.ALARM_NOTIFIER);
    var setup =
        properties(resources(template, "Custom::GeomonitorSearchSetup").values().iterator().next());
    assertThat(setup.get("AlarmsRoleArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(role, "Arn")));
  }

  @Test
  void theNotifierMayPublishToTheAlarmTopicsOnly() {
    List<Object> published =
        statements(HandlerClasses.ALARM_NOTIFIER).stream()
            .filter(s -> actions(s).contains("sns:Publish"))
            .flatMap(s -> resourcesOf(s).stream())
            .toList();
    assertThat(published).hasSize(4);
    assertThat(published.stream().map(String::valueOf))
        .allSatisfy(r -> assertThat(alarmTopicIds()).anyMatch(r::contains));
  }

  @Test
  void theNotifierMayEncryptWithTheKeyTheTopicsAreEncryptedWith() {
    String key = logicalId(stack.key());
    assertThat(statements(HandlerClasses.ALARM_NOTIFIER))
        .anySatisfy(
            s -> {
              assertThat(actions(s)).contains("kms:GenerateDataKey*", "kms:Decrypt");
              assertThat(String.valueOf(resourcesOf(s))).contains(key);
            });
    assertThat(
            properties(
                    resources(template, "AWS::SNS::Topic").get(alarmTopicIds().iterator().next()))
                .get("KmsMasterKeyId")
                .toString())
        .contains(key);
  }

  @Test
  void theApiFunctionCannotPublish() {
    assertThat(statements(HandlerClasses.ALARM_API))
        .noneMatch(s -> actions(s).stream().anyMatch(a -> a.startsWith("sns:")));
  }

  @Test
  void bothFunctionsReadTheAlarmsUsersSecretOnly() {
    String secret = logicalId(stack.database().alarmsSecret());
    for (String handler : List.of(HandlerClasses.ALARM_NOTIFIER, HandlerClasses.ALARM_API)) {
      List<Object> read =
          statements(handler).stream()
              .filter(s -> actions(s).contains("secretsmanager:GetSecretValue"))
              .flatMap(s -> resourcesOf(s).stream())
              .toList();
      assertThat(read).as(handler).hasSize(1);
      assertThat(String.valueOf(read.get(0))).as(handler).contains(secret);
      assertThat(String.valueOf(environment(handler).get("DB_SECRET_ARN")))
          .as(handler)
          .contains(secret);
    }
  }

  @Test
  void bothFunctionsRunInTheVpc() {
    for (String handler : List.of(HandlerClasses.ALARM_NOTIFIER, HandlerClasses.ALARM_API)) {
      assertThat(functionWithHandler(template, handler)).as(handler).containsKey("VpcConfig");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSchemaMigrationCreatesTheAlarmsUser() {
    String secret = logicalId(stack.database().alarmsSecret());
    var all = (Map<String, Object>) template.toJSON().get("Resources");
    var schema = (Map<String, Object>) all.get(logicalId(stack.deployResources().schema()));
    assertThat(String.valueOf(properties(schema).get("AlarmsSecretArn"))).contains(secret);
  }

  @Test
  void everyApiRouteNeedsIamAuthorization() {
    var routes = resources(template, "AWS::ApiGatewayV2::Route").values();
    assertThat(routes.stream().map(r -> properties(r).get("RouteKey")))
        .containsExactlyInAnyOrderElementsOf(AlarmFunctions.ROUTES);
    assertThat(routes)
        .allSatisfy(r -> assertThat(properties(r)).containsEntry("AuthorizationType", "AWS_IAM"));
  }

  @Test
  void theApiStageWritesAccessLogs() {
    var stages = resources(template, "AWS::ApiGatewayV2::Stage").values();
    assertThat(stages).hasSize(1);
    assertThat(properties(stages.iterator().next())).containsKey("AccessLogSettings");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCallersPolicyAllowsInvokingTheFourRoutesOnly() {
    var policy =
        properties(
            resources(template, "AWS::IAM::ManagedPolicy")
                .get(logicalId(stack.alarms().callers())));
    var statements =
        (List<Map<String, Object>>)
            ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    assertThat(statements).hasSize(1);
    assertThat(actions(statements.get(0))).containsExactly("execute-api:Invoke");
    assertThat(resourcesOf(statements.get(0)).stream().map(String::valueOf))
        .hasSize(4)
        .anyMatch(r -> r.endsWith("/$default/GET/api/alarms]]}"))
        .anyMatch(r -> r.contains("/$default/GET/api/alarms/*"))
        .anyMatch(r -> r.contains("/$default/POST/api/alarms/*/acknowledge"))
        .anyMatch(r -> r.contains("/$default/POST/api/alarms/*/comment"));
  }

  @Test
  void configuredRecipientsAreSubscribedToTheirTopic() {
    var recipients = SynthesizedStacks.of(SynthesizedStacks.DEV_ALARM_RECIPIENTS);
    var subscriptions = resources(recipients.template(), "AWS::SNS::Subscription").values();
    String action =
        recipients
            .stack()
            .getLogicalId(
                (CfnResource)
                    recipients
                        .stack()
                        .alarms()
                        .topics()
                        .get(InfraConfig.AlarmTopic.ACTION)
                        .getNode()
                        .getDefaultChild());
    assertThat(
            subscriptions.stream()
                .map(TemplateQueries::properties)
                .filter(p -> String.valueOf(p.get("TopicArn")).contains(action))
                .map(p -> p.get("Protocol") + " " + p.get("Endpoint")))
        .containsExactlyInAnyOrder(
            "email site.engineer@example.com", "email pm@example.com", "sms +61412345678");
  }

  @Test
  void aRecipientSnsWouldRefuseIsRejectedAtSynth() {
    assertThatThrownBy(
            () ->
                InfraConfigReader.read(
                    Map.of("env", "dev", "alarms.alarm.sms", "0412 345 678"), null))
        .hasMessageContaining("alarms.alarm.sms: '0412 345 678' is not a phone number in E.164");
    assertThatThrownBy(
            () ->
                InfraConfigReader.read(Map.of("env", "dev", "alarms.alert.emails", "nobody"), null))
        .hasMessageContaining("alarms.alert.emails: 'nobody' is not an e-mail address");
  }
}
