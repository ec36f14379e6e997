package dev.geomonitor.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * Deploy-time setup done by the deploy-handlers jar through CloudFormation custom resources: Kafka
 * topics, PostgreSQL schema migrations, OpenSearch index templates and Dashboards saved objects.
 * Each handler receives the CloudFormation event (RequestType, ResourceProperties) from the CDK
 * provider framework and returns {PhysicalResourceId, Data}.
 */
public final class DeployResources extends Construct {
  private final CustomResource topics;
  private final CustomResource schema;
  private final CustomResource searchSetup;
  private final JavaFunctions functions;
  private final InfraConfig config;
  private final IKey key;

  public DeployResources(
      Construct scope,
      String id,
      InfraConfig config,
      Network network,
      IKey key,
      KafkaCluster kafka,
      PostgresDatabase database,
      SearchDomain search) {
    super(scope, id);
    this.config = config;
    this.key = key;
    this.functions = new JavaFunctions(this, config, network, key);
    this.topics = createTopics(kafka);
    this.schema = createSchemaMigration(database);
    this.searchSetup = createSearchSetup(search);
  }

  private CustomResource createTopics(KafkaCluster kafka) {
    var k = config.kafka();
    long hour = 3_600_000L;
    List<Map<String, Object>> topicSpecs =
        List.of(
            topic(k.topics().raw(), k.rawPartitions(), k.rawRetentionMs()),
            topic(k.topics().readings(), k.partitions(), k.outputRetentionHours() * hour),
            topic(k.topics().aggregates(), k.partitions(), k.outputRetentionHours() * hour),
            topic(k.topics().alerts(), k.partitions(), k.outputRetentionHours() * hour),
            topic(k.topics().dlq(), k.dlqPartitions(), k.dlqRetentionHours() * hour));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("BootstrapServers", kafka.bootstrapServers());
    properties.put("ReplicationFactor", Integer.toString(k.replicationFactor()));
    properties.put("Topics", topicSpecs);
    Function handler =
        handler("Topics", HandlerClasses.TOPICS_RESOURCE, Map.of("KAFKA_AUTH", "iam"));
    kafka.grantManageTopics(handler, k.topics().all());
    return customResource("Topics", handler, properties);
  }

  private static Map<String, Object> topic(String name, int partitions, long retentionMs) {
    return Map.of(
        "Name",
        name,
        "Partitions",
        Integer.toString(partitions),
        "RetentionMs",
        Long.toString(retentionMs));
  }

  private CustomResource createSchemaMigration(PostgresDatabase database) {
    Function handler = handler("SchemaMigration", HandlerClasses.SCHEMA_MIGRATION, Map.of());
    database.secret().grantRead(handler);
    database.jobSecret().grantRead(handler);
    database.readerSecret().grantRead(handler);
    database.alarmsSecret().grantRead(handler);
    Map<String, Object> properties = new LinkedHashMap<>();
    // The migration owner (master user) runs the migrations and creates the least-privilege users
    // from their secrets.
    properties.put("DbSecretArn", database.secret().getSecretArn());
    properties.put("WriterSecretArn", database.jobSecret().getSecretArn());
    properties.put("ReaderSecretArn", database.readerSecret().getSecretArn());
    properties.put("AlarmsSecretArn", database.alarmsSecret().getSecretArn());
    properties.put("DbHost", database.endpointAddress());
    properties.put("DbPort", Integer.toString(PostgresDatabase.PORT));
    properties.put("DbName", PostgresDatabase.DATABASE_NAME);
    properties.put("PipelineVersion", config.spark().pipelineVersion());
    // A new handler jar (new migrations) changes the code hash and so re-runs the migration.
    properties.put("HandlerVersion", handler.getCurrentVersion().getVersion());
    CustomResource resource = customResource("SchemaMigration", handler, properties);
    // Multi-user rotation clones a user that must exist: no rotation before the users are created.
    database.userRotations().forEach(rotation -> rotation.getNode().addDependency(resource));
    return resource;
  }

  private CustomResource createSearchSetup(SearchDomain search) {
    Function handler = handler("SearchSetup", HandlerClasses.SEARCH_SETUP, Map.of());
    search.masterUser().grantRead(handler);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("OpenSearchUrl", search.httpsUrl());
    properties.put("CredentialsSecretArn", search.masterUser().getSecretArn());
    properties.put("PipelineVersion", config.spark().pipelineVersion());
    // A dynamic index setting: a changed count applies to the existing indexes on the next deploy.
    properties.put("Replicas", Integer.toString(config.search().replicas()));
    properties.put("Shards", Integer.toString(config.search().shards()));
    properties.put("HandlerVersion", handler.getCurrentVersion().getVersion());
    CustomResource resource = customResource("SearchSetup", handler, properties);
    resource.getNode().addDependency(search.domain());
    return resource;
  }

  private Function handler(String id, String handlerClass, Map<String, String> environment) {
    return functions
        .create(
            new JavaFunctions.Spec(
                id + "Handler",
                handlerClass,
                config.artifacts().deployHandlersJar(),
                config.functions().deployHandlerMemoryMb(),
                Duration.minutes(10),
                1,
                false,
                environment))
        .function();
  }

  private CustomResource customResource(
      String id, Function handler, Map<String, Object> properties) {
    LogGroup frameworkLogs =
        LogGroup.Builder.create(this, id + "ProviderLogs")
            .retention(LogRetention.of(config.operations().logRetentionDays()))
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    Provider provider =
        Provider.Builder.create(this, id + "Provider")
            .onEventHandler(handler)
            .logGroup(frameworkLogs)
            .build();
    return CustomResource.Builder.create(this, id)
        .serviceToken(provider.getServiceToken())
        .resourceType("Custom::Geomonitor" + id)
        .properties(properties)
        .build();
  }

  /**
   * The streaming job run resource (JobRunResourceHandler) with the EMR Serverless permissions it
   * needs.
   */
  CustomResource jobRun(Map<String, Object> properties, List<PolicyStatement> permissions) {
    Function handler = handler("JobRun", HandlerClasses.JOB_RUN_RESOURCE, Map.of());
    permissions.forEach(handler::addToRolePolicy);
    return customResource("JobRun", handler, properties);
  }

  public CustomResource topics() {
    return topics;
  }

  public CustomResource schema() {
    return schema;
  }

  public CustomResource searchSetup() {
    return searchSetup;
  }
}
