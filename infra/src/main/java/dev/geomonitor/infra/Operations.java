package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.KafkaMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on every stage of the pipeline, all notifying one SNS topic, and a dashboard of the same
 * metrics.
 */
public final class Operations extends Construct {
  private static final Duration PERIOD = Duration.minutes(5);

  private final Topic alarmTopic;
  private final List<Alarm> alarms = new ArrayList<>();
  private final Dashboard dashboard;

  public Operations(
      Construct scope,
      String id,
      InfraConfig config,
      IKey key,
      PipelineFunctions functions,
      KafkaCluster kafka,
      EmrStreamingJob job,
      PostgresDatabase database,
      SearchDomain search) {
    super(scope, id);
    this.alarmTopic = Topic.Builder.create(this, "Alarms").masterKey(key).enforceSsl(true).build();
    if (!config.operations().alarmEmail().isBlank()) {
      alarmTopic.addSubscription(new EmailSubscription(config.operations().alarmEmail()));
    }
    Map<String, IMetric> watched = new LinkedHashMap<>();
    watched.put("ProducerErrors", functions.producer().function().metricErrors(sum()));
    watched.put("SinkErrors", functions.sink().function().metricErrors(sum()));
    watched.put("SinkOffsetLag", offsetLag(functions));
    watched.put("LambdaDeadLetters", deadLetters(functions));
    watched.put("DlqTopicBytesIn", dlqTopicBytesIn(config, kafka));
    watched.put("StreamingJobRunning", runningJobs(job));
    if (config.kafka().mode() == KafkaMode.PROVISIONED) {
      watched.put("KafkaDiskUsed", kafkaDiskUsed(config, kafka));
    }
    watched.put("DatabaseCpu", database.cpuUtilization());
    watched.put("SearchClusterRed", search.domain().metricClusterStatusRed());
    watched.put("SearchWritesBlocked", search.domain().metricClusterIndexWritesBlocked());
    watched.put("SearchFreeStorage", search.domain().metricFreeStorageSpace());

    alarm(
        "ProducerErrors",
        watched.get("ProducerErrors"),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        "The producer failed a poll (source API or Kafka unreachable)");
    alarm(
        "SinkErrors",
        watched.get("SinkErrors"),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        "The OpenSearch sink failed a batch");
    alarm(
        "SinkOffsetLag",
        watched.get("SinkOffsetLag"),
        10_000,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        "The OpenSearch sink is falling behind its topics");
    alarm(
        "LambdaDeadLetters",
        watched.get("LambdaDeadLetters"),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        "Lambda invocations ended in a dead-letter queue");
    alarm(
        "DlqTopicGrowth",
        watched.get("DlqTopicBytesIn"),
        0,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        "Records are being rejected into the Kafka DLQ topic");
    Alarm jobAlarm =
        alarm(
            "StreamingJobNotRunning",
            watched.get("StreamingJobRunning"),
            1,
            ComparisonOperator.LESS_THAN_THRESHOLD,
            "The EMR Serverless streaming job is not running");
    jobAlarm.getNode().addDependency(job.jobRun());
    if (watched.containsKey("KafkaDiskUsed")) {
      alarm(
          "KafkaDiskUsage",
          watched.get("KafkaDiskUsed"),
          85,
          ComparisonOperator.GREATER_THAN_THRESHOLD,
          "A Kafka broker's data volume is above 85% (storage autoscaling has reached its ceiling or lags):"
              + " the raw topic is never deleted, raise kafka.maxVolumeGb or add brokers");
    }
    alarm(
        "DatabaseCpu",
        watched.get("DatabaseCpu"),
        80,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        "PostgreSQL CPU above 80%");
    alarm(
        "SearchClusterRed",
        watched.get("SearchClusterRed"),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        "OpenSearch cluster status is red");
    alarm(
        "SearchWritesBlocked",
        watched.get("SearchWritesBlocked"),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        "OpenSearch blocks index writes");
    alarm(
        "SearchLowStorage",
        watched.get("SearchFreeStorage"),
        config.search().volumeGb() * 1024 * 0.2,
        ComparisonOperator.LESS_THAN_THRESHOLD,
        "OpenSearch free storage below 20% of a node's volume");
    this.dashboard = createDashboard(config, watched);
  }

  private static MetricOptions sum() {
    return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
  }

  private static IMetric offsetLag(PipelineFunctions functions) {
    return functions
        .sink()
        .function()
        .metric("OffsetLag", MetricOptions.builder().statistic("Maximum").period(PERIOD).build());
  }

  private static IMetric deadLetters(PipelineFunctions functions) {
    Map<String, IMetric> queues = new LinkedHashMap<>();
    queues.put(
        "producer",
        functions.producer().deadLetters().metricApproximateNumberOfMessagesVisible(max()));
    queues.put(
        "sink", functions.sink().deadLetters().metricApproximateNumberOfMessagesVisible(max()));
    return MathExpression.Builder.create()
        .expression("producer + sink")
        .usingMetrics(queues)
        .label("messages in Lambda dead-letter queues")
        .period(PERIOD)
        .build();
  }

  /**
   * Bytes written to the DLQ topic. Serverless clusters publish per-topic metrics by cluster and
   * topic; provisioned ones per broker too, so the brokers' series are added up (broker ids are
   * 1..N).
   */
  private static IMetric dlqTopicBytesIn(InfraConfig config, KafkaCluster kafka) {
    String topic = config.kafka().topics().dlq();
    if (config.kafka().mode() == KafkaMode.SERVERLESS) {
      return kafkaMetric(Map.of("Cluster Name", kafka.clusterName(), "Topic", topic));
    }
    Map<String, IMetric> brokers = new LinkedHashMap<>();
    for (int broker = 1; broker <= config.kafka().brokerCount(); broker++) {
      brokers.put(
          "b" + broker,
          kafkaMetric(
              Map.of(
                  "Cluster Name",
                  kafka.clusterName(),
                  "Broker ID",
                  Integer.toString(broker),
                  "Topic",
                  topic)));
    }
    return MathExpression.Builder.create()
        .expression(String.join(" + ", brokers.keySet()))
        .usingMetrics(brokers)
        .label("bytes into " + topic)
        .period(PERIOD)
        .build();
  }

  /**
   * The fullest broker's data volume in percent (KafkaDataLogsDiskUsed, per broker, default MSK
   * metric).
   */
  private static IMetric kafkaDiskUsed(InfraConfig config, KafkaCluster kafka) {
    Map<String, IMetric> brokers = new LinkedHashMap<>();
    for (int broker = 1; broker <= config.kafka().brokerCount(); broker++) {
      brokers.put(
          "d" + broker,
          Metric.Builder.create()
              .namespace("AWS/Kafka")
              .metricName("KafkaDataLogsDiskUsed")
              .dimensionsMap(
                  Map.of(
                      "Cluster Name", kafka.clusterName(), "Broker ID", Integer.toString(broker)))
              .statistic("Maximum")
              .period(PERIOD)
              .build());
    }
    return MathExpression.Builder.create()
        .expression("MAX([" + String.join(", ", brokers.keySet()) + "])")
        .usingMetrics(brokers)
        .label("fullest broker volume %")
        .period(PERIOD)
        .build();
  }

  private static Metric kafkaMetric(Map<String, String> dimensions) {
    return Metric.Builder.create()
        .namespace("AWS/Kafka")
        .metricName("BytesInPerSec")
        .dimensionsMap(dimensions)
        .statistic("Sum")
        .period(PERIOD)
        .build();
  }

  private static IMetric runningJobs(EmrStreamingJob job) {
    return Metric.Builder.create()
        .namespace("AWS/EMRServerless")
        .metricName("RunningJobs")
        .dimensionsMap(Map.of("ApplicationId", job.application().getAttrApplicationId()))
        .statistic("Maximum")
        .period(PERIOD)
        .build();
  }

  private static MetricOptions max() {
    return MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
  }

  private Alarm alarm(
      String id,
      IMetric metric,
      double threshold,
      ComparisonOperator comparison,
      String description) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(comparison)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            // A job that publishes nothing is not running: missing data counts as breaching for
            // that alarm only.
            .treatMissingData(
                id.equals("StreamingJobNotRunning")
                    ? TreatMissingData.BREACHING
                    : TreatMissingData.NOT_BREACHING)
            .alarmDescription(description)
            .build();
    alarm.addAlarmAction(new SnsAction(alarmTopic));
    alarm.addOkAction(new SnsAction(alarmTopic));
    alarms.add(alarm);
    return alarm;
  }

  private Dashboard createDashboard(InfraConfig config, Map<String, IMetric> watched) {
    Dashboard created =
        Dashboard.Builder.create(this, "Dashboard")
            .dashboardName("geomonitor-" + config.envName())
            .build();
    watched.forEach(
        (title, metric) ->
            created.addWidgets(
                GraphWidget.Builder.create().title(title).left(List.of(metric)).width(8).build()));
    return created;
  }

  public Topic alarmTopic() {
    return alarmTopic;
  }

  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }

  public Dashboard dashboard() {
    return dashboard;
  }
}
