package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.DatabaseEngine;
import dev.geomonitor.infra.InfraConfig.KafkaMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Combinations of knobs that AWS would reject at deploy time, caught at synth time with a message
 * saying what to do.
 */
final class ConfigRules {
  private ConfigRules() {}

  static void check(InfraConfig config) {
    List<String> problems = new ArrayList<>();
    int azs = config.network().availabilityZones().size();
    if (azs < 2) {
      problems.add(
          "availabilityZones needs two zones or more (MSK and RDS subnet groups span two AZs)");
    }
    if (config.network().natGateways() > azs) {
      problems.add(
          "natGateways ("
              + config.network().natGateways()
              + ") cannot exceed the number of zones ("
              + azs
              + ")");
    }
    if (config.kafka().mode() == KafkaMode.PROVISIONED
        && (config.kafka().brokerCount() < azs || config.kafka().brokerCount() % azs != 0)) {
      problems.add(
          "kafka.brokerCount must be a positive multiple of the zone count "
              + azs
              + " for PROVISIONED mode");
    }
    var kafka = config.kafka();
    if (kafka.mode() == KafkaMode.PROVISIONED && kafka.replicationFactor() > kafka.brokerCount()) {
      problems.add(
          "kafka.replicationFactor ("
              + kafka.replicationFactor()
              + ") cannot exceed kafka.brokerCount ("
              + kafka.brokerCount()
              + ")");
    }
    if (kafka.mode() == KafkaMode.PROVISIONED
        && kafka.instanceType().startsWith("kafka.t3.")
        && kafka.maxVolumeGb() != kafka.volumeGb()) {
      problems.add(
          "MSK does not autoscale the storage of "
              + kafka.instanceType()
              + " brokers: set kafka.maxVolumeGb"
              + " equal to kafka.volumeGb ("
              + kafka.volumeGb()
              + ") or use an m5/m7g broker");
    }
    if (kafka.maxVolumeGb() < kafka.volumeGb()) {
      problems.add("kafka.maxVolumeGb must be >= kafka.volumeGb");
    }
    int outputs = kafka.topics().outputs().size();
    int sinkConcurrency = config.functions().sinkMaxConcurrency();
    if (sinkConcurrency < outputs || sinkConcurrency > outputs * kafka.partitions()) {
      problems.add(
          "sink.maxConcurrency ("
              + sinkConcurrency
              + ") must be between "
              + outputs
              + " (one invocation per output topic's event source) and "
              + outputs * kafka.partitions()
              + " (output topics x kafka.partitions: Lambda never runs more MSK pollers than partitions)");
    }
    if (config.spark().shufflePartitions() < 1) {
      problems.add("spark.shufflePartitions must be at least 1");
    }
    if (kafka.partitions() < 1 || kafka.rawPartitions() < 1 || kafka.dlqPartitions() < 1) {
      problems.add(
          "kafka.partitions, kafka.rawPartitions and kafka.dlqPartitions must be at least 1");
    }
    if (config.spark().shufflePartitions() < kafka.rawPartitions()) {
      problems.add(
          "spark.shufflePartitions ("
              + config.spark().shufflePartitions()
              + ") below kafka.rawPartitions ("
              + kafka.rawPartitions()
              + ") leaves raw partitions' parallelism unused after the shuffle; raise it (it is"
              + " frozen into the checkpoint at the first start)");
    }
    var search = config.search();
    if (search.zoneCount() != 2 && search.zoneCount() != 3) {
      problems.add(
          "search.zoneCount must be 2 or 3 (the zones OpenSearch spans with zoneAwareness), got "
              + search.zoneCount());
    } else if (search.zoneAwareness()
        && search.zoneCount() == 2
        && (search.dataNodes() < 2 || search.dataNodes() % 2 != 0)) {
      problems.add("search.zoneAwareness=true needs an even search.dataNodes of 2 or more");
    } else if (search.zoneAwareness() && search.dataNodes() % search.zoneCount() != 0) {
      problems.add(
          "search.zoneCount="
              + search.zoneCount()
              + " needs search.dataNodes ("
              + search.dataNodes()
              + ") to be a multiple of "
              + search.zoneCount()
              + " (OpenSearch spreads data nodes evenly over its zones)");
    }
    if (search.zoneAwareness() && search.zoneCount() > azs) {
      problems.add(
          "search.zoneCount="
              + search.zoneCount()
              + " needs as many availabilityZones (the stack has "
              + azs
              + "): add a zone to availabilityZones (it replaces the VPC: -c allowReplacement=true)");
    }
    if (!search.zoneAwareness() && search.dataNodes() != 1) {
      problems.add(
          "search.dataNodes above 1 needs search.zoneAwareness=true (one node lives in one subnet)");
    }
    if (search.replicas() < 0 || search.replicas() > search.dataNodes() - 1) {
      problems.add(
          "search.replicas ("
              + search.replicas()
              + ") must be between 0 and search.dataNodes - 1 ("
              + (search.dataNodes() - 1)
              + "): a replica never shares a node with its primary, so more stay unassigned"
              + " and the domain goes yellow");
    }
    if (search.shards() < 1 || search.shards() > 1024) {
      problems.add(
          "search.shards ("
              + search.shards()
              + ") must be between 1 and 1024 (OpenSearch's limit of primary shards per index)");
    }
    var retention = search.retention();
    Map<String, Integer> retentionDays = new LinkedHashMap<>();
    retentionDays.put("search.retention.readingsDays", retention.readingsDays());
    retentionDays.put("search.retention.aggregatesDays", retention.aggregatesDays());
    retentionDays.put("search.retention.alertsDays", retention.alertsDays());
    retentionDays.put("search.retention.deadLettersDays", retention.deadLettersDays());
    retentionDays.forEach(
        (knob, days) -> {
          if (days < 0 || days > 36500) {
            problems.add(knob + " (" + days + ") must be between 0 (forever) and 36500 days");
          }
        });
    if (search.dedicatedMasters() != 0
        && search.dedicatedMasters() != 3
        && search.dedicatedMasters() != 5) {
      problems.add("search.dedicatedMasters must be 0, 3 or 5");
    }
    var db = config.database();
    if (db.engine() == DatabaseEngine.AURORA_SERVERLESS_V2
        && (db.minAcu() < 0 || db.maxAcu() < db.minAcu())) {
      problems.add("db.minAcu must be >= 0 and <= db.maxAcu");
    }
    if (db.engine() == DatabaseEngine.RDS_POSTGRES
        && db.maxAllocatedStorageGb() < db.allocatedStorageGb()) {
      problems.add("db.maxAllocatedStorageGb must be >= db.allocatedStorageGb");
    }
    if (config.functions().producerScheduleMinutes() < 1) {
      problems.add(
          "producer.scheduleMinutes must be at least 1 (EventBridge rates are whole minutes)");
    }
    if (!config.network().interfaceEndpoints().contains("sqs")) {
      problems.add(
          "interfaceEndpoints must include sqs: the sink's MSK event source sends failed batches to its"
              + " on-failure queue from inside the VPC");
    }
    if (config.access().host()
        && config.network().natGateways() == 0
        && !config
            .network()
            .interfaceEndpoints()
            .containsAll(List.of("ssm", "ssmmessages", "ec2messages"))) {
      problems.add(
          "access.host=true with natGateways=0 needs ssm, ssmmessages and ec2messages in interfaceEndpoints"
              + " (Session Manager must reach the host)");
    }
    problems.addAll(simulatorProblems(config));
    problems.addAll(SparkSizing.problems(config.spark()));
    if (config.spark().maxOffsetsPerTrigger() < 1) {
      problems.add("spark.maxOffsetsPerTrigger must be at least 1");
    }
    problems.addAll(alarmProblems(config));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "configuration of env '"
              + config.envName()
              + "' is not deployable: "
              + String.join("; ", problems));
    }
  }

  /** The producer polls exactly one API: the simulator (dev only) or the external one. */
  static List<String> simulatorProblems(InfraConfig config) {
    List<String> problems = new ArrayList<>();
    var f = config.functions();
    String url = f.externalApiUrl();
    if (f.simulatorDeploy() && "prod".equals(config.envName())) {
      problems.add(
          "simulator.deploy=true in env 'prod': the simulator serves synthetic readings and is never deployed"
              + " in prod; set simulator.deploy=false and -c api.externalUrl=<the source API's base URL>");
    }
    if (!f.simulatorDeploy() && url.isBlank()) {
      problems.add(
          "api.externalUrl is required when simulator.deploy=false: pass -c api.externalUrl=https://<source"
              + " API host>/ (the producer polls it), or deploy the simulator in a dev stack with -c simulator.deploy=true");
    }
    if (f.simulatorDeploy() && !url.isBlank()) {
      problems.add(
          "api.externalUrl ("
              + url
              + ") and simulator.deploy=true both name the API the producer polls:"
              + " keep one (simulator.deploy=false to poll the external API)");
    }
    if (!url.isBlank() && !url.startsWith("https://") && !url.startsWith("http://")) {
      problems.add(
          "api.externalUrl '" + url + "' must be an http(s) URL such as https://api.example.com/");
    }
    return problems;
  }

  private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  /** Recipients SNS would refuse at deploy time, and function sizes Lambda would. */
  static List<String> alarmProblems(InfraConfig config) {
    List<String> problems = new ArrayList<>();
    var alarms = config.alarms();
    alarms
        .recipients()
        .forEach(
            (topic, recipients) -> {
              for (String email : recipients.emails()) {
                if (!EMAIL.matcher(email).matches()) {
                  problems.add(topic.key() + ".emails: '" + email + "' is not an e-mail address");
                }
              }
              for (String number : recipients.sms()) {
                if (!E164.matcher(number).matches()) {
                  problems.add(
                      topic.key()
                          + ".sms: '"
                          + number
                          + "' is not a phone number in E.164 form such as +61412345678");
                }
              }
            });
    for (var size :
        List.of(
            java.util.Map.entry("alarms.notifierMemoryMb", alarms.notifierMemoryMb()),
            java.util.Map.entry("alarms.apiMemoryMb", alarms.apiMemoryMb()))) {
      if (size.getValue() < 256 || size.getValue() > 10240) {
        problems.add(
            size.getKey() + " (" + size.getValue() + ") must be 256-10240 MB for a Java Lambda");
      }
    }
    if (alarms.apiMaxConcurrency() < 1) {
      problems.add("alarms.apiMaxConcurrency must be at least 1");
    }
    return problems;
  }
}
