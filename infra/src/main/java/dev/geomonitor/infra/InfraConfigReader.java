package dev.geomonitor.infra;

import dev.geomonitor.infra.InfraConfig.Access;
import dev.geomonitor.infra.InfraConfig.AlarmTopic;
import dev.geomonitor.infra.InfraConfig.Alarms;
import dev.geomonitor.infra.InfraConfig.Artifacts;
import dev.geomonitor.infra.InfraConfig.CpuArchitecture;
import dev.geomonitor.infra.InfraConfig.Database;
import dev.geomonitor.infra.InfraConfig.DatabaseEngine;
import dev.geomonitor.infra.InfraConfig.Functions;
import dev.geomonitor.infra.InfraConfig.Kafka;
import dev.geomonitor.infra.InfraConfig.KafkaMode;
import dev.geomonitor.infra.InfraConfig.Network;
import dev.geomonitor.infra.InfraConfig.Operations;
import dev.geomonitor.infra.InfraConfig.Recipients;
import dev.geomonitor.infra.InfraConfig.Retention;
import dev.geomonitor.infra.InfraConfig.Search;
import dev.geomonitor.infra.InfraConfig.Site;
import dev.geomonitor.infra.InfraConfig.Spark;
import dev.geomonitor.infra.InfraConfig.TopicNames;
import dev.geomonitor.infra.InfraConfig.UrlAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one place configuration is read: the environment's defaults ({@code dev.properties}, {@code
 * prod.properties} next to this class) overlaid with CDK context values ({@code -c key=value}),
 * parsed into an {@link InfraConfig}. A context key that names no knob is rejected, so a typo
 * cannot silently deploy the default.
 */
public final class InfraConfigReader {
  public static final String ENV_KEY = "env";
  public static final List<String> ENVIRONMENTS = List.of("dev", "prod");

  /**
   * Knobs whose change makes CloudFormation replace the Kafka cluster, the database or the whole
   * VPC (and everything in it): a replaced cluster starts with an empty raw topic, the Kappa log.
   * Overriding one of them needs {@code -c allowReplacement=true}.
   */
  public static final List<String> REPLACING_KEYS =
      List.of("region", "availabilityZones", "stackName", "kafka.mode", "db.engine");

  public static final String ALLOW_REPLACEMENT = "allowReplacement";
  private static final Pattern EMR_CPU = Pattern.compile("[0-9]+ vCPU");
  private static final Pattern EMR_MEMORY = Pattern.compile("[0-9]+ GB");

  private final String envName;
  private final Map<String, String> values;

  private InfraConfigReader(String envName, Map<String, String> values) {
    this.envName = envName;
    this.values = values;
  }

  /**
   * @param context every CDK context value (cdk.json plus {@code -c}); keys with ':' or '@' belong
   *     to the CDK itself
   * @param account the deploy account if known (CDK_DEFAULT_ACCOUNT), else null for an
   *     account-agnostic template
   */
  public static InfraConfig read(Map<String, ?> context, String account) {
    Object env = context.get(ENV_KEY);
    String envName = env == null ? "dev" : env.toString();
    Map<String, String> values = defaults(envName);
    Map<String, String> fileDefaults = Map.copyOf(values);
    Set<String> unknown = new TreeSet<>();
    context.forEach(
        (key, value) -> {
          if (key.equals(ENV_KEY) || key.contains(":") || key.startsWith("@")) {
            return;
          }
          if (!values.containsKey(key)) {
            unknown.add(key);
          } else {
            values.put(key, value == null ? "" : value.toString());
          }
        });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown configuration key(s) "
              + unknown
              + " for env '"
              + envName
              + "'; known keys: "
              + values.keySet()
              + " (see infra/README.md)");
    }
    refuseReplacement(envName, fileDefaults, values);
    return new InfraConfigReader(envName, values).build(account);
  }

  private static void refuseReplacement(
      String envName, Map<String, String> fileDefaults, Map<String, String> values) {
    if ("true".equals(values.get(ALLOW_REPLACEMENT))) {
      return;
    }
    List<String> changed =
        REPLACING_KEYS.stream().filter(k -> !fileDefaults.get(k).equals(values.get(k))).toList();
    if (!changed.isEmpty()) {
      throw new IllegalArgumentException(
          "overriding "
              + changed
              + " for env '"
              + envName
              + "' would make CloudFormation replace the Kafka cluster,"
              + " the database or the VPC: a replaced cluster starts without the raw topic, the only copy of every"
              + " reading. Back up first (see infra/README.md, 'Keeps data'), then pass -c "
              + ALLOW_REPLACEMENT
              + "=true to confirm");
    }
  }

  /**
   * The defaults of one environment, sorted by key (the README table is generated from the same
   * files).
   */
  public static Map<String, String> defaults(String envName) {
    if (!ENVIRONMENTS.contains(envName)) {
      throw new IllegalArgumentException(
          "unknown environment '"
              + envName
              + "': pass -c env="
              + String.join(" or -c env=", ENVIRONMENTS));
    }
    Properties properties = new Properties();
    try (InputStream in = InfraConfigReader.class.getResourceAsStream(envName + ".properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the defaults of environment " + envName, e);
    }
    Map<String, String> sorted = new TreeMap<>();
    properties.forEach((k, v) -> sorted.put(k.toString(), v.toString().trim()));
    return sorted;
  }

  private InfraConfig build(String account) {
    InfraConfig config =
        new InfraConfig(
            envName,
            text("stackName"),
            account,
            text("region"),
            new Network(
                list("availabilityZones"),
                integer("natGateways"),
                list("interfaceEndpoints"),
                integer("flowLogRetentionDays")),
            kafka(),
            spark(),
            site(),
            database(),
            new Search(
                text("search.instanceType"),
                integer("search.dataNodes"),
                bool("search.zoneAwareness"),
                integer("search.zoneCount"),
                integer("search.volumeGb"),
                integer("search.dedicatedMasters"),
                text("search.masterInstanceType"),
                integer("search.replicas"),
                integer("search.shards"),
                new InfraConfig.SearchRetention(
                    integer("search.retention.readingsDays"),
                    integer("search.retention.aggregatesDays"),
                    integer("search.retention.alertsDays"),
                    integer("search.retention.deadLettersDays"))),
            functions(),
            new Artifacts(
                text("artifact.producerJar"),
                text("artifact.searchSinkJar"),
                text("artifact.simulatorJar"),
                text("artifact.sparkJobJar"),
                text("artifact.deployHandlersJar"),
                text("artifact.alarmsJar")),
            new Access(bool("access.host"), text("access.instanceType")),
            new Operations(
                integer("logRetentionDays"),
                optional("alarmEmail"),
                choice("removalPolicy", Retention.class)),
            alarms());
    ConfigRules.check(config);
    return config;
  }

  private Kafka kafka() {
    return new Kafka(
        choice("kafka.mode", KafkaMode.class),
        integer("kafka.brokerCount"),
        text("kafka.instanceType"),
        integer("kafka.volumeGb"),
        integer("kafka.maxVolumeGb"),
        text("kafka.version"),
        integer("kafka.partitions"),
        integer("kafka.rawPartitions"),
        integer("kafka.dlqPartitions"),
        integer("kafka.replicationFactor"),
        longValue("kafka.rawRetentionMs"),
        integer("kafka.outputRetentionHours"),
        integer("kafka.dlqRetentionHours"),
        new TopicNames(
            text("topics.raw"),
            text("topics.readings"),
            text("topics.aggregates"),
            text("topics.alerts"),
            text("topics.dlq")));
  }

  private Spark spark() {
    return new Spark(
        choice("spark.architecture", CpuArchitecture.class),
        text("spark.releaseLabel"),
        matching("spark.driverCpu", EMR_CPU),
        matching("spark.driverMemory", EMR_MEMORY),
        matching("spark.executorCpu", EMR_CPU),
        matching("spark.executorMemory", EMR_MEMORY),
        integer("spark.driverHeapMb"),
        integer("spark.executorHeapMb"),
        decimal("spark.memoryOverheadFactor"),
        bool("spark.preInitialized"),
        integer("spark.initialExecutors"),
        integer("spark.minExecutors"),
        integer("spark.maxExecutors"),
        matching("spark.maxCpu", EMR_CPU),
        matching("spark.maxMemory", EMR_MEMORY),
        integer("spark.workerDiskGb"),
        matching("spark.maxDisk", EMR_MEMORY),
        integer("spark.idleTimeoutMinutes"),
        integer("spark.maxFailedAttemptsPerHour"),
        integer("spark.shufflePartitions"),
        longValue("spark.maxOffsetsPerTrigger"),
        isoDuration("spark.triggerInterval"),
        isoDurations("spark.windowSizes"),
        optionalIsoDuration("spark.watermarkDelay"),
        text("spark.startingOffsets"),
        optional("spark.triggerLevelsFile"),
        text("spark.consumerGroupPrefix"),
        matching("pipeline.version", Pattern.compile("v[1-9][0-9]*")));
  }

  private Site site() {
    String crs = optional("site.crs");
    if (!crs.isEmpty() && !Pattern.matches("EPSG:[0-9]+", crs)) {
      throw bad(
          "site.crs", crs, "an EPSG code such as EPSG:28355, or empty for the modules' default");
    }
    String bounds = optional("site.bounds");
    if (!bounds.isEmpty()) {
      String[] parts = bounds.split(",");
      try {
        if (parts.length != 4
            || Double.parseDouble(parts[0]) >= Double.parseDouble(parts[2])
            || Double.parseDouble(parts[1]) >= Double.parseDouble(parts[3])) {
          throw bad(
              "site.bounds",
              bounds,
              "minEasting,minNorthing,maxEasting,maxNorthing with min < max");
        }
      } catch (NumberFormatException e) {
        throw bad(
            "site.bounds", bounds, "four numbers minEasting,minNorthing,maxEasting,maxNorthing");
      }
    }
    String epoch = optional("site.epoch");
    if (!epoch.isEmpty()) {
      try {
        Instant.parse(epoch);
      } catch (DateTimeParseException e) {
        throw bad("site.epoch", epoch, "an ISO-8601 instant such as 2024-01-01T00:00:00Z");
      }
    }
    return new Site(crs, bounds, epoch, optionalIsoDuration("site.futureTolerance"));
  }

  private Database database() {
    return new Database(
        choice("db.engine", DatabaseEngine.class),
        text("db.instanceClass"),
        integer("db.allocatedStorageGb"),
        integer("db.maxAllocatedStorageGb"),
        decimal("db.minAcu"),
        decimal("db.maxAcu"),
        bool("db.multiAz"),
        integer("db.backupRetentionDays"),
        integer("db.rotationDays"),
        bool("db.deletionProtection"));
  }

  private Alarms alarms() {
    Map<AlarmTopic, Recipients> recipients = new java.util.EnumMap<>(AlarmTopic.class);
    for (AlarmTopic topic : AlarmTopic.values()) {
      recipients.put(
          topic, new Recipients(list(topic.key() + ".emails"), list(topic.key() + ".sms")));
    }
    return new Alarms(
        recipients,
        integer("alarms.notifierMemoryMb"),
        integer("alarms.apiMemoryMb"),
        integer("alarms.apiMaxConcurrency"));
  }

  private Functions functions() {
    return new Functions(
        optional("api.externalUrl"),
        bool("simulator.deploy"),
        choice("simulator.urlAuth", UrlAuth.class),
        integer("producer.scheduleMinutes"),
        integer("producer.pollsPerInvocation"),
        integer("lambda.producerMemoryMb"),
        integer("lambda.sinkMemoryMb"),
        integer("lambda.simulatorMemoryMb"),
        integer("lambda.deployHandlerMemoryMb"),
        integer("sink.batchSize"),
        integer("sink.maxConcurrency"),
        text("sink.consumerGroup"),
        integer("simulator.maxConcurrency"));
  }

  private String optional(String key) {
    return values.get(key);
  }

  private String isoDuration(String key) {
    String value = text(key);
    try {
      if (Duration.parse(value).isNegative()) {
        throw bad(key, value, "a non-negative ISO-8601 duration such as PT15S");
      }
    } catch (DateTimeParseException e) {
      throw bad(key, value, "an ISO-8601 duration such as PT15S");
    }
    return value;
  }

  private String optionalIsoDuration(String key) {
    return optional(key).isEmpty() ? "" : isoDuration(key);
  }

  private String isoDurations(String key) {
    String value = text(key);
    for (String part : value.split(",")) {
      try {
        Duration.parse(part.trim());
      } catch (DateTimeParseException e) {
        throw bad(key, value, "comma-separated ISO-8601 durations such as PT1M,PT15M");
      }
    }
    return value;
  }

  private String text(String key) {
    String value = values.get(key);
    if (value.isBlank()) {
      throw bad(key, value, "a non-empty value");
    }
    return value;
  }

  private String matching(String key, Pattern pattern) {
    String value = text(key);
    if (!pattern.matcher(value).matches()) {
      throw bad(key, value, "text matching " + pattern.pattern());
    }
    return value;
  }

  private List<String> list(String key) {
    return Arrays.stream(values.get(key).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private int integer(String key) {
    try {
      return Math.toIntExact(Long.parseLong(text(key).strip()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw bad(key, values.get(key), "a whole number");
    }
  }

  private long longValue(String key) {
    try {
      return Long.parseLong(text(key).strip());
    } catch (IllegalArgumentException e) {
      throw bad(key, values.get(key), "a whole number");
    }
  }

  private double decimal(String key) {
    try {
      return Double.parseDouble(text(key).strip());
    } catch (IllegalArgumentException e) {
      throw bad(key, values.get(key), "a number such as 0.5");
    }
  }

  private boolean bool(String key) {
    try {
      // strictly true or false: a typo such as "yes" or "ture" must not silently mean false
      return switch (text(key).strip().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException();
      };
    } catch (IllegalArgumentException e) {
      throw bad(key, text(key).toLowerCase(Locale.ROOT), "true or false");
    }
  }

  private <E extends Enum<E>> E choice(String key, Class<E> type) {
    String value = text(key);
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(key, value, "one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  private IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(
        "configuration '"
            + key
            + "' for env '"
            + envName
            + "' is '"
            + value
            + "'; expected "
            + expected
            + ". Fix it in "
            + envName
            + ".properties or pass -c "
            + key
            + "=...");
  }
}
