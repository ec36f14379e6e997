package dev.geomonitor.searchsink;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.platform.kafka.KafkaAuth;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingType;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the search sink needs to run, read once per process by {@link #fromSettings(Map)} (the
 * environment; the settings declared in {@link #SETTINGS}). Immutable; built by {@link #builder()},
 * which validates.
 *
 * @param openSearchUrl e.g. {@code http://127.0.0.1:9200} or the HTTPS endpoint of an OpenSearch
 *     Service domain
 * @param pipelineVersion the version whose indexes the aliases point at when they do not exist yet
 * @param indexPrefix prepended to every alias, index and template name; empty in production, unique
 *     per test
 * @param indexShards primary shards of each index the sink's templates create
 * @param maxOutageWait how long one batch waits for an unreachable cluster before giving up (null:
 *     until stopped)
 * @param kafkaBootstrapServers null when the process consumes no Kafka itself and sends no dead
 *     letters
 * @param kafkaAuth how the Kafka clients authenticate ({@code KAFKA_AUTH})
 * @param retention maximum document age per kind ({@link IndexRetention}); kinds absent are kept
 *     forever
 * @param retentionInterval time between the local loop's retention passes
 */
public record SearchSinkConfig(
    URI openSearchUrl,
    AuthMode authMode,
    String username,
    String password,
    String secretArn,
    String region,
    String signingService,
    String indexPrefix,
    int indexShards,
    int bulkMaxDocs,
    long bulkMaxBytes,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    int maxItemAttempts,
    Duration maxOutageWait,
    boolean indexDeadLetters,
    PipelineVersion pipelineVersion,
    Topics topics,
    String groupId,
    String kafkaBootstrapServers,
    KafkaAuth kafkaAuth,
    Duration progressInterval,
    Map<DocumentKind, Duration> retention,
    Duration retentionInterval) {

  /** How the sink authenticates to OpenSearch. */
  public enum AuthMode {
    NONE,
    /**
     * HTTP basic: user/password from the environment or from a Secrets Manager secret (JSON
     * username/password).
     */
    BASIC,
    /** AWS Signature V4 with the default credentials chain (Amazon OpenSearch Service). */
    SIGV4
  }

  public SearchSinkConfig {
    Objects.requireNonNull(openSearchUrl, "openSearchUrl");
    Objects.requireNonNull(authMode, "authMode");
    Objects.requireNonNull(topics, "topics");
    kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
    retention = retention == null ? Map.of() : Map.copyOf(retention);
    retentionInterval =
        retentionInterval == null ? SINK_RETENTION_INTERVAL.defaultValue() : retentionInterval;
    for (var e : retention.entrySet()) {
      if (e.getValue().isNegative() || e.getValue().isZero()) {
        throw new IllegalArgumentException(
            "retention of "
                + e.getKey().baseName()
                + " must be positive or `forever`; got "
                + e.getValue());
      }
    }
    if (retentionInterval.isNegative() || retentionInterval.isZero()) {
      throw new IllegalArgumentException(
          "SINK_RETENTION_INTERVAL must be positive; got " + retentionInterval);
    }
    indexPrefix = new IndexLayout(indexPrefix, indexShards).prefix();
    // Validates the auth settings (basic needs credentials, sigv4 a region).
    new OpenSearchConnection(
        openSearchUrl, authMode, username, password, secretArn, region, signingService);
    if (bulkMaxDocs < 1 || bulkMaxBytes < 1024) {
      throw new IllegalArgumentException(
          "SINK_BULK_MAX_DOCS must be >= 1 and SINK_BULK_MAX_BYTES >= 1024; got "
              + bulkMaxDocs
              + ", "
              + bulkMaxBytes);
    }
    if (maxItemAttempts < 1) {
      throw new IllegalArgumentException(
          "SINK_MAX_ITEM_ATTEMPTS must be >= 1; got " + maxItemAttempts);
    }
  }

  /** Where OpenSearch is and how the sink signs in to it. */
  public OpenSearchConnection connection() {
    return new OpenSearchConnection(
        openSearchUrl, authMode, username, password, secretArn, region, signingService);
  }

  private static final SettingType<Duration> DURATION_OR_FOREVER =
      new SettingType<>(
          "ISO-8601 duration or `forever`",
          (key, text) ->
              "forever".equalsIgnoreCase(text) ? null : SettingTypes.duration(key, text));

  public static final Setting<URI> OPENSEARCH_URL =
      Setting.required(
          "OPENSEARCH_URL",
          new SettingType<>("URL", (key, text) -> URI.create(text)),
          "e.g. `http://127.0.0.1:9200`, or the domain endpoint `https://...es.amazonaws.com`");
  public static final Setting<AuthMode> OPENSEARCH_AUTH =
      Setting.of(
          "OPENSEARCH_AUTH",
          SettingTypes.choice(AuthMode.class),
          "none",
          "how the sink authenticates");
  public static final Setting<String> OPENSEARCH_USERNAME =
      Setting.optional(
          "OPENSEARCH_USERNAME",
          SettingTypes.TEXT,
          "basic auth user, unless `OPENSEARCH_SECRET_ARN` is set");
  public static final Setting<String> OPENSEARCH_PASSWORD =
      Setting.optional(
          "OPENSEARCH_PASSWORD", SettingTypes.TEXT, "basic auth password (never logged)");
  public static final Setting<String> OPENSEARCH_SECRET_ARN =
      Setting.optional(
          "OPENSEARCH_SECRET_ARN",
          SettingTypes.TEXT,
          "Secrets Manager secret `{\"username\": ..., \"password\": ...}` (basic auth)");
  public static final Setting<String> OPENSEARCH_REGION =
      Setting.optional(
          "OPENSEARCH_REGION", SettingTypes.TEXT, "SigV4 signing region; unset: `AWS_REGION`");
  public static final Setting<String> AWS_REGION =
      Setting.optional("AWS_REGION", SettingTypes.TEXT, "the region (set by Lambda)");
  public static final Setting<String> OPENSEARCH_SIGNING_SERVICE =
      Setting.of(
          "OPENSEARCH_SIGNING_SERVICE",
          SettingTypes.TEXT,
          "es",
          "`es` for OpenSearch Service domains (`aoss` for Serverless collections)");
  public static final Setting<String> SINK_INDEX_PREFIX =
      Setting.optional(
          "SINK_INDEX_PREFIX",
          SettingTypes.TEXT,
          "prepended to aliases, indexes, templates (tests use a unique one); unset: none");
  public static final Setting<Integer> SINK_INDEX_SHARDS =
      Setting.of(
              "SINK_INDEX_SHARDS",
              SettingTypes.refined(SettingTypes.WHOLE_NUMBER, "whole number", Long::intValue),
              "1",
              "primary shards of each index the sink creates; fixed at creation, so a change applies"
                  + " to the indexes of the next pipeline version (reprocessing)")
          .in("shards");
  public static final Setting<PipelineVersion> PIPELINE_VERSION =
      PipelineVersion.setting("version whose indexes the aliases get when they do not exist yet");
  public static final Setting<Integer> SINK_BULK_MAX_DOCS =
      Setting.of(
              "SINK_BULK_MAX_DOCS",
              SettingTypes.refined(SettingTypes.WHOLE_NUMBER, "whole number", Long::intValue),
              "5000",
              "documents per bulk request (also the consumer's `max.poll.records`)")
          .in("documents");
  public static final Setting<Long> SINK_BULK_MAX_BYTES =
      Setting.of(
              "SINK_BULK_MAX_BYTES",
              SettingTypes.WHOLE_NUMBER,
              "5242880",
              "approximate size of a bulk request")
          .in("bytes");
  public static final Setting<Duration> SINK_RETRY_INITIAL_BACKOFF =
      Setting.of(
          "SINK_RETRY_INITIAL_BACKOFF", SettingTypes.DURATION, "PT0.1S", "first retry backoff");
  public static final Setting<Duration> SINK_RETRY_MAX_BACKOFF =
      Setting.of("SINK_RETRY_MAX_BACKOFF", SettingTypes.DURATION, "PT10S", "largest retry backoff");
  public static final Setting<Integer> SINK_MAX_ITEM_ATTEMPTS =
      Setting.of(
          "SINK_MAX_ITEM_ATTEMPTS",
          SettingTypes.refined(SettingTypes.WHOLE_NUMBER, "whole number", Long::intValue),
          "8",
          "attempts for items answered 429/5xx before the batch fails (it is then retried whole)");
  public static final Setting<Duration> SINK_MAX_OUTAGE_WAIT =
      Setting.of(
          "SINK_MAX_OUTAGE_WAIT",
          DURATION_OR_FOREVER,
          "forever",
          "how long a batch waits for an unreachable cluster; e.g. `PT2M` for Lambda (below its timeout)");
  public static final Setting<Boolean> SINK_INDEX_DEAD_LETTERS =
      Setting.of(
          "SINK_INDEX_DEAD_LETTERS",
          SettingTypes.BOOLEAN,
          "true",
          "also consume and index the DLQ topic");
  public static final Setting<String> SINK_GROUP_ID =
      Setting.of(
          "SINK_GROUP_ID",
          SettingTypes.TEXT,
          "geomonitor-search-sink",
          "consumer group of the local loop");
  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
      Setting.optional(
          "KAFKA_BOOTSTRAP_SERVERS",
          SettingTypes.TEXT,
          "Kafka bootstrap servers (DLQ producer; local consumer)");
  public static final Setting<Duration> SINK_PROGRESS_INTERVAL =
      Setting.of(
          "SINK_PROGRESS_INTERVAL",
          SettingTypes.DURATION,
          "PT5S",
          "time between progress lines (docs/s, totals, retries, DLQ count)");

  public static final Setting<Duration> SINK_RETENTION_READINGS =
      Setting.of(
          "SINK_RETENTION_READINGS",
          DURATION_OR_FOREVER,
          "forever",
          "readings whose `ts` is older than this are deleted from OpenSearch (the raw log and"
              + " PostgreSQL keep them)");
  public static final Setting<Duration> SINK_RETENTION_AGGREGATES =
      Setting.of(
          "SINK_RETENTION_AGGREGATES",
          DURATION_OR_FOREVER,
          "forever",
          "the same for aggregates, by `window_start`");
  public static final Setting<Duration> SINK_RETENTION_ALERTS =
      Setting.of(
          "SINK_RETENTION_ALERTS", DURATION_OR_FOREVER, "forever", "the same for alerts, by `ts`");
  public static final Setting<Duration> SINK_RETENTION_DEAD_LETTERS =
      Setting.of(
          "SINK_RETENTION_DEAD_LETTERS",
          DURATION_OR_FOREVER,
          "forever",
          "the same for the dead-letter index, by `rejected_at`");
  public static final Setting<Duration> SINK_RETENTION_INTERVAL =
      Setting.of(
          "SINK_RETENTION_INTERVAL",
          SettingTypes.DURATION,
          "PT1H",
          "time between the local loop's retention passes (when any retention is set)");

  /** The retention setting of each kind. */
  static final Map<DocumentKind, Setting<Duration>> RETENTION_SETTINGS =
      Map.of(
          DocumentKind.READINGS, SINK_RETENTION_READINGS,
          DocumentKind.AGGREGATES, SINK_RETENTION_AGGREGATES,
          DocumentKind.ALERTS, SINK_RETENTION_ALERTS,
          DocumentKind.DEAD_LETTERS, SINK_RETENTION_DEAD_LETTERS);

  /** Every setting the sink reads, in the order of the README's table. */
  public static final List<Setting<?>> SETTINGS = settings();

  private static List<Setting<?>> settings() {
    List<Setting<?>> all =
        new ArrayList<>(
            List.of(
                OPENSEARCH_URL,
                OPENSEARCH_AUTH,
                OPENSEARCH_USERNAME,
                OPENSEARCH_PASSWORD,
                OPENSEARCH_SECRET_ARN,
                OPENSEARCH_REGION,
                AWS_REGION,
                OPENSEARCH_SIGNING_SERVICE,
                SINK_INDEX_PREFIX,
                SINK_INDEX_SHARDS,
                PIPELINE_VERSION,
                SINK_BULK_MAX_DOCS,
                SINK_BULK_MAX_BYTES,
                SINK_RETRY_INITIAL_BACKOFF,
                SINK_RETRY_MAX_BACKOFF,
                SINK_MAX_ITEM_ATTEMPTS,
                SINK_MAX_OUTAGE_WAIT,
                SINK_INDEX_DEAD_LETTERS));
    all.addAll(Topics.SETTINGS.subList(1, 5));
    all.addAll(
        List.of(
            SINK_GROUP_ID,
            KAFKA_BOOTSTRAP_SERVERS,
            KafkaConnection.AUTH,
            SINK_PROGRESS_INTERVAL,
            SINK_RETENTION_READINGS,
            SINK_RETENTION_AGGREGATES,
            SINK_RETENTION_ALERTS,
            SINK_RETENTION_DEAD_LETTERS,
            SINK_RETENTION_INTERVAL));
    return List.copyOf(all);
  }

  /**
   * Local defaults: an unsecured node on localhost, a local broker, wait for OpenSearch as long as
   * it takes.
   */
  public static SearchSinkConfig local(
      URI openSearchUrl, String bootstrapServers, Topics topics, String prefix) {
    return builder()
        .openSearchUrl(openSearchUrl)
        .kafkaBootstrapServers(bootstrapServers)
        .topics(topics)
        .indexPrefix(prefix)
        .build();
  }

  /**
   * Reads the settings (normally {@code System.getenv()}); every name is listed in the module
   * README.
   */
  public static SearchSinkConfig fromSettings(Map<String, String> env) {
    return from(SettingValues.of(env));
  }

  public static SearchSinkConfig from(SettingValues s) {
    Map<DocumentKind, Duration> retention = new EnumMap<>(DocumentKind.class);
    RETENTION_SETTINGS.forEach(
        (kind, setting) -> {
          Duration age = s.get(setting);
          if (age != null) {
            retention.put(kind, age);
          }
        });
    return builder()
        .openSearchUrl(s.get(OPENSEARCH_URL))
        .authMode(s.get(OPENSEARCH_AUTH))
        .username(s.get(OPENSEARCH_USERNAME))
        .password(s.get(OPENSEARCH_PASSWORD))
        .secretArn(s.get(OPENSEARCH_SECRET_ARN))
        .region(s.optional(OPENSEARCH_REGION).orElse(s.get(AWS_REGION)))
        .signingService(s.get(OPENSEARCH_SIGNING_SERVICE))
        .indexPrefix(s.optional(SINK_INDEX_PREFIX).orElse(""))
        .indexShards(s.get(SINK_INDEX_SHARDS))
        .bulkMaxDocs(s.get(SINK_BULK_MAX_DOCS))
        .bulkMaxBytes(s.get(SINK_BULK_MAX_BYTES))
        .retryInitialBackoff(s.get(SINK_RETRY_INITIAL_BACKOFF))
        .retryMaxBackoff(s.get(SINK_RETRY_MAX_BACKOFF))
        .maxItemAttempts(s.get(SINK_MAX_ITEM_ATTEMPTS))
        .maxOutageWait(s.get(SINK_MAX_OUTAGE_WAIT))
        .indexDeadLetters(s.get(SINK_INDEX_DEAD_LETTERS))
        .pipelineVersion(s.get(PIPELINE_VERSION))
        .topics(Topics.from(s))
        .groupId(s.get(SINK_GROUP_ID))
        .kafkaBootstrapServers(s.get(KAFKA_BOOTSTRAP_SERVERS))
        .kafkaAuth(s.get(KafkaConnection.AUTH))
        .progressInterval(s.get(SINK_PROGRESS_INTERVAL))
        .retention(retention)
        .retentionInterval(s.get(SINK_RETENTION_INTERVAL))
        .build();
  }

  public SearchSinkConfig withTopics(Topics newTopics) {
    return toBuilder().topics(newTopics).build();
  }

  public SearchSinkConfig withGroupId(String newGroupId) {
    return toBuilder().groupId(newGroupId).build();
  }

  public SearchSinkConfig withBulkMaxDocs(int docs) {
    return toBuilder().bulkMaxDocs(docs).build();
  }

  /** A copy keeping {@code kind} at most {@code age} (null: forever). */
  public SearchSinkConfig withRetention(DocumentKind kind, Duration age) {
    Map<DocumentKind, Duration> ages = new EnumMap<>(DocumentKind.class);
    ages.putAll(retention);
    if (age == null) {
      ages.remove(kind);
    } else {
      ages.put(kind, age);
    }
    return toBuilder().retention(ages).build();
  }

  public SearchSinkConfig withRetentionInterval(Duration interval) {
    return toBuilder().retentionInterval(interval).build();
  }

  public SearchSinkConfig withMaxOutageWait(Duration wait) {
    return toBuilder().maxOutageWait(wait).build();
  }

  /**
   * The Kafka connection of the DLQ producer and the local consumer; fails naming the setting when
   * none is set.
   */
  public KafkaConnection kafkaConnection() {
    if (kafkaBootstrapServers == null) {
      throw new IllegalArgumentException(
          "KAFKA_BOOTSTRAP_SERVERS is not set: the sink needs Kafka for the DLQ "
              + "(and the local loop to consume); give host:port[,host:port]");
    }
    return new KafkaConnection(kafkaBootstrapServers, kafkaAuth, null);
  }

  /** A builder with the declared defaults; {@link Builder#build()} validates. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.openSearchUrl = openSearchUrl;
    b.authMode = authMode;
    b.username = username;
    b.password = password;
    b.secretArn = secretArn;
    b.region = region;
    b.signingService = signingService;
    b.indexPrefix = indexPrefix;
    b.indexShards = indexShards;
    b.bulkMaxDocs = bulkMaxDocs;
    b.bulkMaxBytes = bulkMaxBytes;
    b.retryInitialBackoff = retryInitialBackoff;
    b.retryMaxBackoff = retryMaxBackoff;
    b.maxItemAttempts = maxItemAttempts;
    b.maxOutageWait = maxOutageWait;
    b.indexDeadLetters = indexDeadLetters;
    b.pipelineVersion = pipelineVersion;
    b.topics = topics;
    b.groupId = groupId;
    b.kafkaBootstrapServers = kafkaBootstrapServers;
    b.kafkaAuth = kafkaAuth;
    b.progressInterval = progressInterval;
    b.retention = retention;
    b.retentionInterval = retentionInterval;
    return b;
  }

  /**
   * Named steps instead of twenty-one positional arguments; unset values take the declared
   * defaults.
   */
  public static final class Builder {
    private URI openSearchUrl;
    private AuthMode authMode = OPENSEARCH_AUTH.defaultValue();
    private String username;
    private String password;
    private String secretArn;
    private String region;
    private String signingService = OPENSEARCH_SIGNING_SERVICE.defaultValue();
    private String indexPrefix = "";
    private int indexShards = SINK_INDEX_SHARDS.defaultValue();
    private int bulkMaxDocs = SINK_BULK_MAX_DOCS.defaultValue();
    private long bulkMaxBytes = SINK_BULK_MAX_BYTES.defaultValue();
    private Duration retryInitialBackoff = SINK_RETRY_INITIAL_BACKOFF.defaultValue();
    private Duration retryMaxBackoff = SINK_RETRY_MAX_BACKOFF.defaultValue();
    private int maxItemAttempts = SINK_MAX_ITEM_ATTEMPTS.defaultValue();
    private Duration maxOutageWait = SINK_MAX_OUTAGE_WAIT.defaultValue();
    private boolean indexDeadLetters = SINK_INDEX_DEAD_LETTERS.defaultValue();
    private PipelineVersion pipelineVersion = PIPELINE_VERSION.defaultValue();
    private Topics topics = Topics.DEFAULT;
    private String groupId = SINK_GROUP_ID.defaultValue();
    private String kafkaBootstrapServers;
    private KafkaAuth kafkaAuth = KafkaAuth.NONE;
    private Duration progressInterval = SINK_PROGRESS_INTERVAL.defaultValue();
    private Map<DocumentKind, Duration> retention = Map.of();
    private Duration retentionInterval = SINK_RETENTION_INTERVAL.defaultValue();

    private Builder() {}

    /** Maximum document age per kind; kinds absent are kept forever. */
    public Builder retention(Map<DocumentKind, Duration> value) {
      retention = value;
      return this;
    }

    public Builder retentionInterval(Duration value) {
      retentionInterval = value;
      return this;
    }

    public Builder openSearchUrl(URI value) {
      openSearchUrl = value;
      return this;
    }

    public Builder authMode(AuthMode value) {
      authMode = value;
      return this;
    }

    public Builder username(String value) {
      username = value;
      return this;
    }

    public Builder password(String value) {
      password = value;
      return this;
    }

    public Builder secretArn(String value) {
      secretArn = value;
      return this;
    }

    public Builder region(String value) {
      region = value;
      return this;
    }

    public Builder signingService(String value) {
      signingService = value;
      return this;
    }

    public Builder indexPrefix(String value) {
      indexPrefix = value;
      return this;
    }

    public Builder indexShards(int value) {
      indexShards = value;
      return this;
    }

    public Builder bulkMaxDocs(int value) {
      bulkMaxDocs = value;
      return this;
    }

    public Builder bulkMaxBytes(long value) {
      bulkMaxBytes = value;
      return this;
    }

    public Builder retryInitialBackoff(Duration value) {
      retryInitialBackoff = value;
      return this;
    }

    public Builder retryMaxBackoff(Duration value) {
      retryMaxBackoff = value;
      return this;
    }

    public Builder maxItemAttempts(int value) {
      maxItemAttempts = value;
      return this;
    }

    /** null: wait until stopped. */
    public Builder maxOutageWait(Duration value) {
      maxOutageWait = value;
      return this;
    }

    public Builder indexDeadLetters(boolean value) {
      indexDeadLetters = value;
      return this;
    }

    public Builder pipelineVersion(PipelineVersion value) {
      pipelineVersion = value;
      return this;
    }

    public Builder topics(Topics value) {
      topics = value;
      return this;
    }

    public Builder groupId(String value) {
      groupId = value;
      return this;
    }

    /** null or blank: the process uses no Kafka itself. */
    public Builder kafkaBootstrapServers(String value) {
      kafkaBootstrapServers = value == null || value.isBlank() ? null : value.strip();
      return this;
    }

    public Builder kafkaAuth(KafkaAuth value) {
      kafkaAuth = value;
      return this;
    }

    public Builder progressInterval(Duration value) {
      progressInterval = value;
      return this;
    }

    /** The config, validated (the messages name the settings). */
    public SearchSinkConfig build() {
      return new SearchSinkConfig(
          openSearchUrl,
          authMode,
          username,
          password,
          secretArn,
          region,
          signingService,
          indexPrefix,
          indexShards,
          bulkMaxDocs,
          bulkMaxBytes,
          retryInitialBackoff,
          retryMaxBackoff,
          maxItemAttempts,
          maxOutageWait,
          indexDeadLetters,
          pipelineVersion,
          topics,
          groupId,
          kafkaBootstrapServers,
          kafkaAuth,
          progressInterval,
          retention,
          retentionInterval);
    }
  }

  public BackoffPolicy backoffPolicy() {
    return new BackoffPolicy(retryInitialBackoff, retryMaxBackoff);
  }

  public IndexLayout indexLayout() {
    return new IndexLayout(indexPrefix, indexShards);
  }

  /** The password is never printed: configs end up in logs. */
  @Override
  public String toString() {
    return "SearchSinkConfig[openSearchUrl="
        + openSearchUrl
        + ", authMode="
        + authMode
        + ", indexPrefix='"
        + indexPrefix
        + "', bulkMaxDocs="
        + bulkMaxDocs
        + ", bulkMaxBytes="
        + bulkMaxBytes
        + ", maxItemAttempts="
        + maxItemAttempts
        + ", maxOutageWait="
        + (maxOutageWait == null ? "forever" : maxOutageWait)
        + ", topics="
        + topics
        + ", groupId="
        + groupId
        + ", kafka="
        + kafkaBootstrapServers
        + " ("
        + kafkaAuth
        + ")]";
  }
}
