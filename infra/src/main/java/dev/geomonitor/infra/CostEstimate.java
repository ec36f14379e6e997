package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.CpuArchitecture;
import dev.geomonitor.infra.InfraConfig.DatabaseEngine;
import dev.geomonitor.infra.InfraConfig.KafkaMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Monthly baseline cost of an environment computed from its configuration: what runs around the clock (NAT, endpoints,
 * Kafka, the streaming job's initial capacity, database, search nodes, producer schedule). Usage-driven charges (data
 * transfer, Kafka throughput and storage on Serverless, Aurora storage and I/O, sink invocations) are not included.
 */
public final class CostEstimate {
  public static final double HOURS_PER_MONTH = 730;
  /** Assumed run time of one producer poll; the producer polls several times per invocation. */
  public static final double SECONDS_PER_POLL = 1.0;

  private static final Pattern LEADING_NUMBER = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)");

  private CostEstimate() {}

  /** Line items in USD per month, in a stable order. */
  public static Map<String, Double> monthly(InfraConfig config, PriceList prices) {
    Map<String, Double> items = new LinkedHashMap<>();
    int azs = config.network().availabilityZones().size();
    items.put("NAT gateways", config.network().natGateways() * prices.natGatewayHour() * HOURS_PER_MONTH);
    items.put(
        "Interface VPC endpoints",
        config.network().interfaceEndpoints().size() * azs * prices.interfaceEndpointAzHour() * HOURS_PER_MONTH);
    items.put("Kafka (MSK)", kafka(config, prices));
    items.put("Spark (EMR Serverless, initial capacity 24/7)", spark(config, prices));
    items.put("PostgreSQL", database(config, prices));
    items.put("OpenSearch", search(config, prices));
    items.put("Producer Lambda", producer(config, prices));
    items.put(
        "Secrets, KMS key, alarms, dashboard",
        2 * prices.secretMonth() + prices.kmsKeyMonth() + 10 * prices.alarmMonth() + prices.dashboardMonth());
    return items;
  }

  public static double total(Map<String, Double> items) {
    return items.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  static double kafka(InfraConfig config, PriceList prices) {
    var kafka = config.kafka();
    if (kafka.mode() == KafkaMode.SERVERLESS) {
      int partitions = kafka.topics().all().size() * kafka.partitions();
      return (prices.mskServerlessClusterHour() + partitions * prices.mskServerlessPartitionHour()) * HOURS_PER_MONTH;
    }
    double brokerHour = PriceList.hourly(prices.mskBrokerHour(), kafka.instanceType(), "MSK broker");
    return kafka.brokerCount() * (brokerHour * HOURS_PER_MONTH + kafka.volumeGb() * prices.mskStorageGbMonth());
  }

  static double spark(InfraConfig config, PriceList prices) {
    var spark = config.spark();
    boolean arm = spark.architecture() == CpuArchitecture.ARM64;
    double vcpuHour = arm ? prices.emrVcpuHourArm() : prices.emrVcpuHourX86();
    double gbHour = arm ? prices.emrGbHourArm() : prices.emrGbHourX86();
    double vcpus = number(spark.driverCpu()) + spark.initialExecutors() * number(spark.executorCpu());
    double gbs = number(spark.driverMemory()) + spark.initialExecutors() * number(spark.executorMemory());
    return (vcpus * vcpuHour + gbs * gbHour) * HOURS_PER_MONTH;
  }

  static double database(InfraConfig config, PriceList prices) {
    var db = config.database();
    int copies = db.multiAz() ? 2 : 1;
    if (db.engine() == DatabaseEngine.AURORA_SERVERLESS_V2) {
      return copies * db.minAcu() * prices.auroraAcuHour() * HOURS_PER_MONTH;
    }
    double instanceHour = PriceList.hourly(prices.rdsPostgresHour(), db.instanceClass(), "RDS instance class");
    return copies * (instanceHour * HOURS_PER_MONTH + db.allocatedStorageGb() * prices.rdsGp3GbMonth());
  }

  static double search(InfraConfig config, PriceList prices) {
    var search = config.search();
    double data =
        search.dataNodes()
            * (PriceList.hourly(prices.openSearchHour(), search.instanceType(), "OpenSearch instance type")
                    * HOURS_PER_MONTH
                + search.volumeGb() * prices.openSearchGp3GbMonth());
    double masters =
        search.dedicatedMasters() == 0
            ? 0
            : search.dedicatedMasters()
                * PriceList.hourly(prices.openSearchHour(), search.masterInstanceType(), "OpenSearch master type")
                * HOURS_PER_MONTH;
    return data + masters;
  }

  static double producer(InfraConfig config, PriceList prices) {
    var f = config.functions();
    double invocations = HOURS_PER_MONTH * 60.0 / f.producerScheduleMinutes();
    double gbSeconds = invocations * (f.producerMemoryMb() / 1024.0) * f.producerPollsPerInvocation() * SECONDS_PER_POLL;
    return gbSeconds * prices.lambdaGbSecondX86();
  }

  /** "2 vCPU" → 2, "16 GB" → 16. */
  static double number(String emrQuantity) {
    Matcher m = LEADING_NUMBER.matcher(emrQuantity);
    if (!m.find()) {
      throw new IllegalArgumentException("no number in '" + emrQuantity + "'");
    }
    return Double.parseDouble(m.group(1));
  }

  /** A Markdown table of the line items and the total. */
  public static String markdown(InfraConfig config, PriceList prices) {
    Map<String, Double> items = monthly(config, prices);
    StringBuilder table = new StringBuilder("| item | USD / month |\n|---|---:|\n");
    items.forEach((item, usd) -> table.append(String.format(Locale.ROOT, "| %s | %.2f |%n", item, usd)));
    table.append(String.format(Locale.ROOT, "| **total** | **%.2f** |%n", total(items)));
    return table.toString();
  }
}
