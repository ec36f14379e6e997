package dev.geomonitor.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.ManagedKafkaEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.constructs.Construct;

/**
 * The pipeline's Lambdas: the producer polling the source API on a schedule, the OpenSearch sink
 * consuming the output topics, and (when no external API is configured) the simulator behind a
 * Function URL.
 */
public final class PipelineFunctions extends Construct {
  private final JavaFunctions.Deployed producer;
  private final JavaFunctions.Deployed sink;
  private final JavaFunctions.Deployed simulator;
  private final JavaFunctions.Deployed retention;
  private final String apiUrl;

  public PipelineFunctions(
      Construct scope,
      String id,
      InfraConfig config,
      Network network,
      IKey key,
      KafkaCluster kafka,
      SearchDomain search) {
    super(scope, id);
    JavaFunctions functions = new JavaFunctions(this, config, network, key);
    FunctionUrl url = null;
    if (config.functions().deploysSimulator()) {
      this.simulator = createSimulator(config, functions);
      FunctionUrlAuthType auth =
          config.functions().simulatorUrlAuth() == InfraConfig.UrlAuth.NONE
              ? FunctionUrlAuthType.NONE
              : FunctionUrlAuthType.AWS_IAM;
      url = simulator.alias().addFunctionUrl(FunctionUrlOptions.builder().authType(auth).build());
      this.apiUrl = url.getUrl();
    } else {
      this.simulator = null;
      this.apiUrl = config.functions().externalApiUrl();
    }
    this.producer = createProducer(config, functions, kafka);
    if (url != null && config.functions().simulatorUrlAuth() == InfraConfig.UrlAuth.AWS_IAM) {
      // lambda:InvokeFunctionUrl on the simulator's alias only, for the one caller that polls it.
      url.grantInvokeUrl(producer.function());
    }
    this.sink = createSink(config, functions, kafka, search);
    this.retention =
        config.search().retention().any() ? createRetention(config, functions, search) : null;
  }

  /**
   * The hourly retention pass (search-sink's IndexRetentionHandler): deletes documents older than
   * the configured days by their document time. It runs as the sink's role, so the sink's
   * fine-grained access control mapping (SinkRoleMapping: crud on the pipeline's indexes) covers
   * its searches and bulk deletes and no second security role is needed. Only deployed when some
   * kind has a limit.
   */
  private JavaFunctions.Deployed createRetention(
      InfraConfig config, JavaFunctions functions, SearchDomain search) {
    var r = config.search().retention();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OPENSEARCH_URL", search.httpsUrl());
    env.put("OPENSEARCH_AUTH", "sigv4");
    env.put("OPENSEARCH_REGION", config.region());
    env.put("SINK_RETENTION_READINGS", days(r.readingsDays()));
    env.put("SINK_RETENTION_AGGREGATES", days(r.aggregatesDays()));
    env.put("SINK_RETENTION_ALERTS", days(r.alertsDays()));
    env.put("SINK_RETENTION_DEAD_LETTERS", days(r.deadLettersDays()));
    // Concurrency 1: a long first pass never overlaps the next; what it leaves, the next finishes.
    JavaFunctions.Deployed deployed =
        functions.create(
            new JavaFunctions.Spec(
                "SearchRetention",
                HandlerClasses.SEARCH_RETENTION,
                config.artifacts().searchSinkJar(),
                config.functions().sinkMemoryMb(),
                Duration.minutes(10),
                1,
                false,
                env),
            sink.function().getRole());
    deployed.schedule(
        this,
        "RetentionSchedule",
        "Deletes search documents older than the configured retention, hourly",
        Duration.hours(1));
    return deployed;
  }

  private static String days(int days) {
    return days > 0 ? java.time.Duration.ofDays(days).toString() : "forever";
  }

  private JavaFunctions.Deployed createSimulator(InfraConfig config, JavaFunctions functions) {
    return functions.create(
        new JavaFunctions.Spec(
            "Simulator",
            HandlerClasses.SIMULATOR,
            config.artifacts().simulatorJar(),
            config.functions().simulatorMemoryMb(),
            Duration.seconds(30),
            config.functions().simulatorMaxConcurrency(),
            true,
            Map.of("SIMULATOR_SEED", "42")));
  }

  private JavaFunctions.Deployed createProducer(
      InfraConfig config, JavaFunctions functions, KafkaCluster kafka) {
    var f = config.functions();
    Map<String, String> env = new LinkedHashMap<>(kafkaSettings(config, kafka));
    env.put("API_BASE_URL", apiUrl);
    if (f.deploysSimulator() && f.simulatorUrlAuth() == InfraConfig.UrlAuth.AWS_IAM) {
      // The simulator's Function URL admits SigV4-signed requests of the producer's role only.
      env.put("API_AUTH", "sigv4");
    }
    env.put("POLLS_PER_INVOCATION", Integer.toString(f.producerPollsPerInvocation()));
    // The invocation's polls are spread evenly over the schedule period.
    env.put(
        "POLL_INTERVAL",
        java.time.Duration.ofMinutes(f.producerScheduleMinutes())
            .dividedBy(Math.max(1, f.producerPollsPerInvocation()))
            .toString());
    // Reserved concurrency 1: a slow poll can never overlap the next scheduled one.
    JavaFunctions.Deployed deployed =
        functions.create(
            new JavaFunctions.Spec(
                "Producer",
                HandlerClasses.PRODUCER,
                config.artifacts().producerJar(),
                f.producerMemoryMb(),
                Duration.seconds(Math.min(900, f.producerScheduleMinutes() * 60 - 5)),
                1,
                true,
                env));
    // Raw readings, and dead letters for responses that cannot become readings (RawTopicPublisher).
    kafka.grantProduce(
        deployed.function(), List.of(config.kafka().topics().raw(), config.kafka().topics().dlq()));
    // A scheduled poll that waited longer than one period is dropped (the next one is already due)
    // and never retried:
    // stale polls cannot bunch up behind a slow or throttled one.
    deployed
        .alias()
        .configureAsyncInvoke(
            EventInvokeConfigOptions.builder()
                .maxEventAge(Duration.seconds(Math.max(60, f.producerScheduleMinutes() * 60)))
                .retryAttempts(0)
                .build());
    deployed.schedule(
        this,
        "PollSchedule",
        "Polls the source API every " + f.producerScheduleMinutes() + " minute(s)",
        Duration.minutes(f.producerScheduleMinutes()));
    return deployed;
  }

  private JavaFunctions.Deployed createSink(
      InfraConfig config, JavaFunctions functions, KafkaCluster kafka, SearchDomain search) {
    var f = config.functions();
    var topics = config.kafka().topics();
    Map<String, String> env = new LinkedHashMap<>(kafkaSettings(config, kafka));
    env.put("OPENSEARCH_URL", search.httpsUrl());
    // The sink signs as its own IAM role, which the search-setup resource maps to a write-only FGAC
    // role
    // (SinkRoleMapping); it never holds the master user's password.
    env.put("OPENSEARCH_AUTH", "sigv4");
    env.put("OPENSEARCH_REGION", config.region());
    env.put("PIPELINE_VERSION", config.spark().pipelineVersion());
    // The same primary shard count the search-setup resource creates the indexes with.
    env.put("SINK_INDEX_SHARDS", Integer.toString(config.search().shards()));
    JavaFunctions.Deployed deployed =
        functions.create(
            new JavaFunctions.Spec(
                "SearchSink",
                HandlerClasses.SEARCH_SINK,
                config.artifacts().searchSinkJar(),
                f.sinkMemoryMb(),
                Duration.minutes(5),
                f.sinkMaxConcurrency(),
                true,
                env));
    search.domain().grantReadWrite(deployed.function());
    List<String> groups = topics.outputs().stream().map(t -> consumerGroup(config, t)).toList();
    kafka.grantEventSource(deployed.function(), topics.outputs(), groups);
    // Items OpenSearch rejects for good (4xx) go to the DLQ topic.
    kafka.grantProduce(deployed.function(), List.of(topics.dlq()));
    // The event source mapping's control-plane needs (DescribeClusterV2, GetBootstrapBrokers, VPC
    // describes) come
    // with the AWSLambdaMSKExecutionRole policy that ManagedKafkaEventSource attaches; data-plane
    // grants (and the
    // mapping's DescribeClusterDynamicConfiguration) are above.
    for (String topic : topics.outputs()) {
      deployed
          .alias()
          .addEventSource(
              ManagedKafkaEventSource.Builder.create()
                  .clusterArn(kafka.clusterArn())
                  .topic(topic)
                  .consumerGroupId(consumerGroup(config, topic))
                  .startingPosition(StartingPosition.TRIM_HORIZON)
                  .batchSize(f.sinkBatchSize())
                  .maxBatchingWindow(Duration.seconds(1))
                  .onFailure(new SqsDlq(deployed.deadLetters()))
                  .build());
    }
    return deployed;
  }

  /**
   * One group per topic and pipeline version: a reprocessing run (v2) reads from the beginning in
   * its own group.
   */
  static String consumerGroup(InfraConfig config, String topic) {
    return config.functions().sinkConsumerGroup()
        + "-"
        + config.spark().pipelineVersion()
        + "."
        + topic;
  }

  /**
   * Settings every Kafka client of the pipeline reads (names as the domain module's
   * Topics.fromSettings).
   */
  static Map<String, String> kafkaSettings(InfraConfig config, KafkaCluster kafka) {
    var topics = config.kafka().topics();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    // SASL_SSL with MSK IAM, port 9098: the one switch every module reads.
    env.put("KAFKA_AUTH", "iam");
    env.put("TOPIC_RAW", topics.raw());
    env.put("TOPIC_READINGS", topics.readings());
    env.put("TOPIC_AGGREGATES", topics.aggregates());
    env.put("TOPIC_ALERTS", topics.alerts());
    env.put("TOPIC_DLQ", topics.dlq());
    return env;
  }

  /**
   * The site configuration the job reads (validation happens in the job); empty knobs are left out
   * (module defaults).
   */
  static Map<String, String> siteSettings(InfraConfig config) {
    var site = config.site();
    Map<String, String> env = new LinkedHashMap<>();
    putIfSet(env, "SITE_CRS", site.crs());
    putIfSet(env, "SITE_BOUNDS", site.bounds());
    putIfSet(env, "SITE_EPOCH", site.epoch());
    putIfSet(env, "FUTURE_TOLERANCE", site.futureTolerance());
    return env;
  }

  private static void putIfSet(Map<String, String> env, String name, String value) {
    if (!value.isEmpty()) {
      env.put(name, value);
    }
  }

  public JavaFunctions.Deployed producer() {
    return producer;
  }

  public JavaFunctions.Deployed sink() {
    return sink;
  }

  /** Null when an external API URL is configured. */
  public JavaFunctions.Deployed simulator() {
    return simulator;
  }

  /** Null unless some search retention is configured. */
  public JavaFunctions.Deployed retention() {
    return retention;
  }

  public String apiUrl() {
    return apiUrl;
  }
}
