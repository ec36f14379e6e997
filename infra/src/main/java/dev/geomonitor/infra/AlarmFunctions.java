package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.AlarmTopic;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SmsSubscription;
import software.constructs.Construct;

/**
 * Geotechnical alarms on AWS (the alarms module): one SNS topic per severity and one for instrument
 * health, the notifier that runs one pass of the alarm processor every minute, and the alarm API
 * (list, detail, acknowledge, comment) behind an HTTP API that admits SigV4-signed callers with
 * {@code execute-api:Invoke} only. Both functions sit in the VPC and log in to PostgreSQL as the
 * alarms user, which may write the alarm tables and nothing else. The notifier also indexes the
 * alarms into the OpenSearch domain (alias {@code alarms}, for the Dashboards alarms dashboard),
 * signing with SigV4 as its own role, which the search-setup resource maps to a fine-grained access
 * control role that may write the alarms index only.
 */
public final class AlarmFunctions extends Construct {
  /** The routes of {@code AlarmApi}; anything else is not routed to the function at all. */
  static final List<String> ROUTES =
      List.of(
          "GET /api/alarms",
          "GET /api/alarms/{id}",
          "POST /api/alarms/{id}/acknowledge",
          "POST /api/alarms/{id}/comment");

  private final Map<AlarmTopic, Topic> topics = new EnumMap<>(AlarmTopic.class);
  private final JavaFunctions.Deployed notifier;
  private final JavaFunctions.Deployed api;
  private final HttpApi httpApi;
  private final ManagedPolicy callers;

  public AlarmFunctions(
      Construct scope,
      String id,
      InfraConfig config,
      Network network,
      IKey key,
      PostgresDatabase database,
      SearchDomain search) {
    super(scope, id);
    createTopics(config, key);
    JavaFunctions functions = new JavaFunctions(this, config, network, key);
    this.notifier = createNotifier(config, functions, database, search);
    this.api = createApiFunction(config, functions, database);
    this.httpApi = createHttpApi(config, key);
    this.callers = createCallersPolicy();
  }

  private void createTopics(InfraConfig config, IKey key) {
    for (AlarmTopic topic : AlarmTopic.values()) {
      String name = topic.name().charAt(0) + topic.name().substring(1).toLowerCase();
      Topic created =
          Topic.Builder.create(this, name + "Topic")
              .displayName("geomonitor " + topic.name())
              .masterKey(key)
              .enforceSsl(true)
              .build();
      var recipients = config.alarms().recipients().get(topic);
      recipients.emails().forEach(e -> created.addSubscription(new EmailSubscription(e)));
      recipients.sms().forEach(n -> created.addSubscription(new SmsSubscription(n)));
      topics.put(topic, created);
    }
  }

  /** ALARM_TOPICS: every level of every topic, {@code LEVEL=ARN} comma-separated. */
  private String alarmTopicsSetting() {
    List<String> parts = new ArrayList<>();
    topics.forEach(
        (topic, created) -> {
          for (String level : topic.levels()) {
            parts.add(level + "=" + created.getTopicArn());
          }
        });
    return String.join(",", parts);
  }

  private Map<String, String> settings(PostgresDatabase database) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_SECRET_ARN", database.alarmsSecret().getSecretArn());
    env.put("ALARM_TOPICS", alarmTopicsSetting());
    return env;
  }

  /**
   * Where the notifier indexes alarms: the domain, signed as the function's own role (never the
   * master user), with the shard count the search-setup resource gives every index.
   */
  private static Map<String, String> searchSettings(InfraConfig config, SearchDomain search) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OPENSEARCH_URL", search.httpsUrl());
    env.put("OPENSEARCH_AUTH", "sigv4");
    env.put("OPENSEARCH_REGION", config.region());
    env.put("SINK_INDEX_SHARDS", Integer.toString(config.search().shards()));
    return env;
  }

  private JavaFunctions.Deployed createNotifier(
      InfraConfig config, JavaFunctions functions, PostgresDatabase database, SearchDomain search) {
    Map<String, String> env = new LinkedHashMap<>(settings(database));
    env.putAll(searchSettings(config, search));
    // Reserved concurrency 1: passes never overlap (they are idempotent, so one that did would
    // only waste time). A pass usually takes well under a second; the timeout leaves room for slow
    // deliveries before the next minute's pass.
    JavaFunctions.Deployed deployed =
        functions.create(
            new JavaFunctions.Spec(
                "Notifier",
                HandlerClasses.ALARM_NOTIFIER,
                config.artifacts().alarmsJar(),
                config.alarms().notifierMemoryMb(),
                Duration.seconds(55),
                1,
                false,
                env));
    database.alarmsSecret().grantRead(deployed.function());
    topics.values().forEach(t -> t.grantPublish(deployed.function()));
    // es:ESHttp* on the domain's paths; what it may do there is the FGAC role SearchSetup maps it
    // to.
    search.domain().grantReadWrite(deployed.function());
    // A pass that waited a minute is dropped: the next scheduled one does the same work.
    deployed
        .alias()
        .configureAsyncInvoke(
            EventInvokeConfigOptions.builder()
                .maxEventAge(Duration.seconds(60))
                .retryAttempts(0)
                .build());
    deployed.schedule(
        this,
        "NotifierSchedule",
        "Runs one pass of the alarm processor every minute",
        Duration.minutes(1));
    return deployed;
  }

  private JavaFunctions.Deployed createApiFunction(
      InfraConfig config, JavaFunctions functions, PostgresDatabase database) {
    JavaFunctions.Deployed deployed =
        functions.create(
            new JavaFunctions.Spec(
                "Api",
                HandlerClasses.ALARM_API,
                config.artifacts().alarmsJar(),
                config.alarms().apiMemoryMb(),
                Duration.seconds(15),
                config.alarms().apiMaxConcurrency(),
                false,
                settings(database)));
    database.alarmsSecret().grantRead(deployed.function());
    return deployed;
  }

  private HttpApi createHttpApi(InfraConfig config, IKey key) {
    HttpApi created =
        HttpApi.Builder.create(this, "HttpApi")
            .description("geomonitor alarm API (IAM: SigV4-signed callers with execute-api:Invoke)")
            .defaultAuthorizer(new HttpIamAuthorizer())
            .createDefaultStage(false)
            .build();
    HttpLambdaIntegration integration =
        HttpLambdaIntegration.Builder.create("AlarmApi", api.alias()).build();
    for (String route : ROUTES) {
      String[] parts = route.split(" ", 2);
      created.addRoutes(
          AddRoutesOptions.builder()
              .path(parts[1])
              .methods(List.of(HttpMethod.valueOf(parts[0])))
              .integration(integration)
              .build());
    }
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "ApiAccessLogs")
            .retention(LogRetention.of(config.operations().logRetentionDays()))
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    HttpStage.Builder.create(this, "ApiStage")
        .httpApi(created)
        .stageName("$default")
        .autoDeploy(true)
        .accessLogSettings(
            new IAccessLogSettings() {
              @Override
              public LogGroupLogDestination getDestination() {
                return new LogGroupLogDestination(accessLogs);
              }

              @Override
              public AccessLogFormat getFormat() {
                return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
              }
            })
        .build();
    return created;
  }

  /** One JSON line per request: who called what, and the answer. */
  static final String ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\",\"time\":\"$context.requestTime\","
          + "\"caller\":\"$context.identity.userArn\",\"sourceIp\":\"$context.identity.sourceIp\","
          + "\"method\":\"$context.httpMethod\",\"path\":\"$context.path\","
          + "\"status\":\"$context.status\",\"latencyMs\":\"$context.responseLatency\","
          + "\"integrationError\":\"$context.integrationErrorMessage\"}";

  /**
   * What an engineer's role (or an IAM Identity Center permission set) attaches to call the alarm
   * API: execute-api:Invoke on exactly its four routes.
   */
  private ManagedPolicy createCallersPolicy() {
    List<String> arns = new ArrayList<>();
    for (String route : ROUTES) {
      String[] parts = route.split(" ", 2);
      String path = parts[1].replace("{id}", "*");
      arns.add(
          Stack.of(this)
              .formatArn(
                  software.amazon.awscdk.ArnComponents.builder()
                      .service("execute-api")
                      .resource(httpApi.getApiId())
                      .resourceName("$default/" + parts[0] + path)
                      .build()));
    }
    return ManagedPolicy.Builder.create(this, "ApiCallers")
        .description("Call the geomonitor alarm API (list, detail, acknowledge, comment)")
        .statements(
            List.of(
                PolicyStatement.Builder.create()
                    .actions(List.of("execute-api:Invoke"))
                    .resources(arns)
                    .build()))
        .build();
  }

  public Map<AlarmTopic, Topic> topics() {
    return Map.copyOf(topics);
  }

  public JavaFunctions.Deployed notifier() {
    return notifier;
  }

  public JavaFunctions.Deployed api() {
    return api;
  }

  public HttpApi httpApi() {
    return httpApi;
  }

  /** The managed policy engineers attach to call the alarm API. */
  public ManagedPolicy callers() {
    return callers;
  }

  /** The API's base URL (the $default stage: paths as on the local page server). */
  public String apiUrl() {
    return httpApi.getApiEndpoint() + "/";
  }
}
