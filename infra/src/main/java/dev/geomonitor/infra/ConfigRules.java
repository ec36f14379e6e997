package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.DatabaseEngine;
import dev.geomonitor.infra.InfraConfig.KafkaMode;
import java.util.ArrayList;
import java.util.List;

/** Combinations of knobs that AWS would reject at deploy time, caught at synth time with a message saying what to do. */
final class ConfigRules {
  private ConfigRules() {}

  static void check(InfraConfig config) {
    List<String> problems = new ArrayList<>();
    int azs = config.network().availabilityZones().size();
    if (azs < 2) {
      problems.add("availabilityZones needs two zones or more (MSK and RDS subnet groups span two AZs)");
    }
    if (config.network().natGateways() > azs) {
      problems.add("natGateways (" + config.network().natGateways() + ") cannot exceed the number of zones (" + azs + ")");
    }
    if (config.kafka().mode() == KafkaMode.PROVISIONED && (config.kafka().brokerCount() < azs
        || config.kafka().brokerCount() % azs != 0)) {
      problems.add("kafka.brokerCount must be a positive multiple of the zone count " + azs + " for PROVISIONED mode");
    }
    if (config.kafka().partitions() < 1) {
      problems.add("kafka.partitions must be at least 1");
    }
    var search = config.search();
    if (search.zoneAwareness() && (search.dataNodes() < 2 || search.dataNodes() % 2 != 0)) {
      problems.add("search.zoneAwareness=true needs an even search.dataNodes of 2 or more");
    }
    if (!search.zoneAwareness() && search.dataNodes() != 1) {
      problems.add("search.dataNodes above 1 needs search.zoneAwareness=true (one node lives in one subnet)");
    }
    if (search.dedicatedMasters() != 0 && search.dedicatedMasters() != 3 && search.dedicatedMasters() != 5) {
      problems.add("search.dedicatedMasters must be 0, 3 or 5");
    }
    var db = config.database();
    if (db.engine() == DatabaseEngine.AURORA_SERVERLESS_V2 && (db.minAcu() < 0 || db.maxAcu() < db.minAcu())) {
      problems.add("db.minAcu must be >= 0 and <= db.maxAcu");
    }
    if (db.engine() == DatabaseEngine.RDS_POSTGRES && db.maxAllocatedStorageGb() < db.allocatedStorageGb()) {
      problems.add("db.maxAllocatedStorageGb must be >= db.allocatedStorageGb");
    }
    if (config.functions().producerScheduleMinutes() < 1) {
      problems.add("producer.scheduleMinutes must be at least 1 (EventBridge rates are whole minutes)");
    }
    if (!config.network().interfaceEndpoints().contains("sqs")) {
      problems.add("interfaceEndpoints must include sqs: the sink's MSK event source sends failed batches to its"
          + " on-failure queue from inside the VPC");
    }
    problems.addAll(SparkSizing.problems(config.spark()));
    if (config.spark().maxOffsetsPerTrigger() < 1) {
      problems.add("spark.maxOffsetsPerTrigger must be at least 1");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "configuration of env '" + config.envName() + "' is not deployable: " + String.join("; ", problems));
    }
  }
}
