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
 * Monthly baseline cost of an environment computed from its configuration and its region's {@link
 * PriceList}: what runs around the clock (NAT, endpoints, Kafka, the streaming job's driver and
 * initial executors at their worker sizes, database, search nodes, the producer's whole multi-poll
 * invocations, the access host, an assumed log volume for flow, audit and application logs).
 * Usage-driven charges (data transfer and NAT processing, Kafka throughput and storage on
 * Serverless, Aurora storage and I/O, sink invocations, executors added by dynamic allocation) are
 * not included.
 */
public final class CostEstimate {
  public static final double HOURS_PER_MONTH = 730;

  /** Assumed run time of one producer poll; the producer polls several times per invocation. */
  public static final double SECONDS_PER_POLL = 1.0;

  /**
   * Assumed CloudWatch Logs ingestion per month: VPC flow logs, OpenSearch audit/slow logs,
   * function and job logs.
   */
  public static final Map<String, Double> LOG_GB_PER_MONTH = Map.of("dev", 5.0, "prod", 60.0);

  /** Secrets Manager secrets: database master, job user, reporting user, OpenSearch master user. */
  static final int SECRETS = 5;

  /**
   * Assumed length of one alarm-processor pass (a few short transactions; longer only while
   * notifications are sent).
   */
  public static final double SECONDS_PER_ALARM_PASS = 1.0;

  /** Line items at the prices of the environment's own region. */
  public static Map<String, Double> monthly(InfraConfig config) {
    return monthly(config, PriceList.forRegion(config.region()));
  }

  private static final Pattern LEADING_NUMBER = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)");

  private CostEstimate() {}

  /** Line items in USD per month, in a stable order. */
  public static Map<String, Double> monthly(InfraConfig config, PriceList prices) {
    Map<String, Double> items = new LinkedHashMap<>();
    int azs = config.network().availabilityZones().size();
    items.put(
        "NAT gateways", config.network().natGateways() * prices.natGatewayHour() * HOURS_PER_MONTH);
    items.put(
        "Interface VPC endpoints",
        config.network().interfaceEndpoints().size()
            * azs
            * prices.interfaceEndpointAzHour()
            * HOURS_PER_MONTH);
    items.put("Kafka (MSK)", kafka(config, prices));
    items.put("Spark (EMR Serverless, driver + initial executors 24/7)", spark(config, prices));
    items.put("PostgreSQL", database(config, prices));
    items.put("OpenSearch", search(config, prices));
    items.put("Producer Lambda (whole multi-poll invocations)", producer(config, prices));
    // The alarm API (HTTP API, $1 per million requests) and SNS (e-mail: first 1,000 a month free)
    // are paid per use; a site's engineers and alarms stay far below a cent.
    items.put("Alarm notifier Lambda (one pass a minute)", alarmNotifier(config, prices));
    items.put("Access host (Session Manager)", access(config, prices));
    items.put(
        "CloudWatch Logs ingestion (flow, audit, app; assumed "
            + String.format(Locale.ROOT, "%.0f", logGb(config))
            + " GB)",
        logGb(config) * prices.logsIngestGb());
    int alarms = config.kafka().mode() == KafkaMode.PROVISIONED ? 11 : 10;
    items.put(
        "Secrets, KMS key, alarms, dashboard",
        SECRETS * prices.secretMonth()
            + prices.kmsKeyMonth()
            + alarms * prices.alarmMonth()
            + prices.dashboardMonth());
    return items;
  }

  public static double total(Map<String, Double> items) {
    return items.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  static double kafka(InfraConfig config, PriceList prices) {
    var kafka = config.kafka();
    if (kafka.mode() == KafkaMode.SERVERLESS) {
      int partitions = kafka.totalPartitions();
      return (prices.mskServerlessClusterHour() + partitions * prices.mskServerlessPartitionHour())
          * HOURS_PER_MONTH;
    }
    double brokerHour =
        PriceList.hourly(prices.mskBrokerHour(), kafka.instanceType(), "MSK broker");
    return kafka.brokerCount()
        * (brokerHour * HOURS_PER_MONTH + kafka.volumeGb() * prices.mskStorageGbMonth());
  }

  static double spark(InfraConfig config, PriceList prices) {
    var spark = config.spark();
    boolean arm = spark.architecture() == CpuArchitecture.ARM64;
    double vcpuHour = arm ? prices.emrVcpuHourArm() : prices.emrVcpuHourX86();
    double gbHour = arm ? prices.emrGbHourArm() : prices.emrGbHourX86();
    double vcpus =
        number(spark.driverCpu()) + spark.initialExecutors() * number(spark.executorCpu());
    double gbs =
        number(spark.driverMemory()) + spark.initialExecutors() * number(spark.executorMemory());
    return (vcpus * vcpuHour + gbs * gbHour) * HOURS_PER_MONTH;
  }

  static double database(InfraConfig config, PriceList prices) {
    var db = config.database();
    int copies = db.multiAz() ? 2 : 1;
    if (db.engine() == DatabaseEngine.AURORA_SERVERLESS_V2) {
      return copies * db.minAcu() * prices.auroraAcuHour() * HOURS_PER_MONTH;
    }
    double instanceHour =
        PriceList.hourly(prices.rdsPostgresHour(), db.instanceClass(), "RDS instance class");
    return copies
        * (instanceHour * HOURS_PER_MONTH + db.allocatedStorageGb() * prices.rdsGp3GbMonth());
  }

  static double search(InfraConfig config, PriceList prices) {
    var search = config.search();
    double data =
        search.dataNodes()
            * (PriceList.hourly(
                        prices.openSearchHour(), search.instanceType(), "OpenSearch instance type")
                    * HOURS_PER_MONTH
                + search.volumeGb() * prices.openSearchGp3GbMonth());
    double masters =
        search.dedicatedMasters() == 0
            ? 0
            : search.dedicatedMasters()
                * PriceList.hourly(
                    prices.openSearchHour(), search.masterInstanceType(), "OpenSearch master type")
                * HOURS_PER_MONTH;
    return data + masters;
  }

  /**
   * The producer's polls are spread over the schedule period (POLL_INTERVAL = period / polls), so
   * one invocation lasts (polls - 1) intervals plus its last poll: nearly the whole period, billed
   * as duration.
   */
  static double producer(InfraConfig config, PriceList prices) {
    var f = config.functions();
    double invocations = HOURS_PER_MONTH * 60.0 / f.producerScheduleMinutes();
    double intervalSeconds =
        f.producerScheduleMinutes() * 60.0 / Math.max(1, f.producerPollsPerInvocation());
    double seconds = (f.producerPollsPerInvocation() - 1) * intervalSeconds + SECONDS_PER_POLL;
    double gbSeconds = invocations * (f.producerMemoryMb() / 1024.0) * seconds;
    return gbSeconds * prices.lambdaGbSecondX86()
        + invocations / 1e6 * prices.lambdaRequestMillion();
  }

  static double alarmNotifier(InfraConfig config, PriceList prices) {
    double invocations = HOURS_PER_MONTH * 60.0;
    double gbSeconds =
        invocations * (config.alarms().notifierMemoryMb() / 1024.0) * SECONDS_PER_ALARM_PASS;
    return gbSeconds * prices.lambdaGbSecondX86()
        + invocations / 1e6 * prices.lambdaRequestMillion();
  }

  static double access(InfraConfig config, PriceList prices) {
    if (!config.access().host()) {
      return 0;
    }
    double hour =
        PriceList.hourly(prices.ec2Hour(), config.access().instanceType(), "EC2 instance type");
    return hour * HOURS_PER_MONTH + 8 * prices.ebsGp3GbMonth();
  }

  static double logGb(InfraConfig config) {
    return LOG_GB_PER_MONTH.getOrDefault(config.envName(), 5.0);
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
    items.forEach(
        (item, usd) -> table.append(String.format(Locale.ROOT, "| %s | %.2f |%n", item, usd)));
    table.append(String.format(Locale.ROOT, "| **total** | **%.2f** |%n", total(items)));
    return table.toString();
  }
}
