package dev.geomonitor.searchsink;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.Topics;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the search sink needs to run, read once per process by {@link #fromSettings(Map)} (the environment).
 *
 * @param openSearchUrl e.g. {@code http://127.0.0.1:9200} or the HTTPS endpoint of an OpenSearch Service domain
 * @param pipelineVersion the version whose indexes the aliases point at when they do not exist yet
 * @param indexPrefix prepended to every alias, index and template name; empty in production, unique per test
 * @param maxOutageWait how long one batch waits for an unreachable cluster before giving up (null: until stopped)
 * @param kafkaBootstrapServers null when the process consumes no Kafka itself and sends no dead letters
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
    KafkaSecurity kafkaSecurity,
    Duration progressInterval) {

  /** How the sink authenticates to OpenSearch. */
  public enum AuthMode {
    NONE,
    /** HTTP basic: user/password from the environment or from a Secrets Manager secret (JSON username/password). */
    BASIC,
    /** AWS Signature V4 with the default credentials chain (Amazon OpenSearch Service). */
    SIGV4
  }

  /** How the Kafka clients authenticate: plain (local) or IAM over TLS (MSK). */
  public enum KafkaSecurity {
    PLAINTEXT,
    IAM
  }

  public SearchSinkConfig {
    Objects.requireNonNull(openSearchUrl, "openSearchUrl");
    Objects.requireNonNull(authMode, "authMode");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
    indexPrefix = new IndexLayout(indexPrefix).prefix();
    if (authMode == AuthMode.BASIC && secretArn == null && (username == null || password == null)) {
      throw new IllegalArgumentException(
          "OPENSEARCH_AUTH=basic needs OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD, or OPENSEARCH_SECRET_ARN");
    }
    if (authMode == AuthMode.SIGV4 && (region == null || region.isBlank())) {
      throw new IllegalArgumentException("OPENSEARCH_AUTH=sigv4 needs AWS_REGION (or OPENSEARCH_REGION)");
    }
    if (bulkMaxDocs < 1 || bulkMaxBytes < 1024) {
      throw new IllegalArgumentException(
          "SINK_BULK_MAX_DOCS must be >= 1 and SINK_BULK_MAX_BYTES >= 1024; got " + bulkMaxDocs + ", " + bulkMaxBytes);
    }
    if (maxItemAttempts < 1) {
      throw new IllegalArgumentException("SINK_MAX_ITEM_ATTEMPTS must be >= 1; got " + maxItemAttempts);
    }
  }

  /** Local defaults: an unsecured node on localhost, a local broker, wait for OpenSearch as long as it takes. */
  public static SearchSinkConfig local(URI openSearchUrl, String bootstrapServers, Topics topics, String prefix) {
    return fromSettings(
            Map.of(
                "OPENSEARCH_URL", openSearchUrl.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers == null ? "" : bootstrapServers,
                "SINK_INDEX_PREFIX", prefix))
        .withTopics(topics);
  }

  /** Reads the settings (normally {@code System.getenv()}); every name is listed in the module README. */
  public static SearchSinkConfig fromSettings(Map<String, String> env) {
    String region = firstNonBlank(env.get("OPENSEARCH_REGION"), env.get("AWS_REGION"));
    return new SearchSinkConfig(
        URI.create(required(env, "OPENSEARCH_URL")),
        parseEnum(AuthMode.class, "OPENSEARCH_AUTH", env.getOrDefault("OPENSEARCH_AUTH", "none")),
        blankToNull(env.get("OPENSEARCH_USERNAME")),
        blankToNull(env.get("OPENSEARCH_PASSWORD")),
        blankToNull(env.get("OPENSEARCH_SECRET_ARN")),
        region,
        env.getOrDefault("OPENSEARCH_SIGNING_SERVICE", "es"),
        env.getOrDefault("SINK_INDEX_PREFIX", ""),
        parseInt(env, "SINK_BULK_MAX_DOCS", 5000),
        parseLong(env, "SINK_BULK_MAX_BYTES", 5L * 1024 * 1024),
        parseDuration(env, "SINK_RETRY_INITIAL_BACKOFF", "PT0.1S"),
        parseDuration(env, "SINK_RETRY_MAX_BACKOFF", "PT10S"),
        parseInt(env, "SINK_MAX_ITEM_ATTEMPTS", 8),
        "forever".equalsIgnoreCase(env.getOrDefault("SINK_MAX_OUTAGE_WAIT", "forever"))
            ? null
            : parseDuration(env, "SINK_MAX_OUTAGE_WAIT", "PT1M"),
        Boolean.parseBoolean(env.getOrDefault("SINK_INDEX_DEAD_LETTERS", "true")),
        PipelineVersion.parse(env.getOrDefault("PIPELINE_VERSION", "v1")),
        Topics.fromSettings(env),
        env.getOrDefault("SINK_GROUP_ID", "geomonitor-search-sink"),
        blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")),
        parseEnum(KafkaSecurity.class, "KAFKA_SECURITY", env.getOrDefault("KAFKA_SECURITY", "plaintext")),
        parseDuration(env, "SINK_PROGRESS_INTERVAL", "PT5S"));
  }

  public SearchSinkConfig withTopics(Topics newTopics) {
    return new SearchSinkConfig(
        openSearchUrl, authMode, username, password, secretArn, region, signingService, indexPrefix, bulkMaxDocs,
        bulkMaxBytes, retryInitialBackoff, retryMaxBackoff, maxItemAttempts, maxOutageWait, indexDeadLetters,
        pipelineVersion, newTopics, groupId, kafkaBootstrapServers, kafkaSecurity, progressInterval);
  }

  public SearchSinkConfig withGroupId(String newGroupId) {
    return new SearchSinkConfig(
        openSearchUrl, authMode, username, password, secretArn, region, signingService, indexPrefix, bulkMaxDocs,
        bulkMaxBytes, retryInitialBackoff, retryMaxBackoff, maxItemAttempts, maxOutageWait, indexDeadLetters, pipelineVersion,
        topics, newGroupId, kafkaBootstrapServers, kafkaSecurity, progressInterval);
  }

  public SearchSinkConfig withBulkMaxDocs(int docs) {
    return new SearchSinkConfig(
        openSearchUrl, authMode, username, password, secretArn, region, signingService, indexPrefix, docs,
        bulkMaxBytes, retryInitialBackoff, retryMaxBackoff, maxItemAttempts, maxOutageWait, indexDeadLetters, pipelineVersion,
        topics, groupId, kafkaBootstrapServers, kafkaSecurity, progressInterval);
  }

  public SearchSinkConfig withMaxOutageWait(Duration wait) {
    return new SearchSinkConfig(
        openSearchUrl, authMode, username, password, secretArn, region, signingService, indexPrefix, bulkMaxDocs,
        bulkMaxBytes, retryInitialBackoff, retryMaxBackoff, maxItemAttempts, wait, indexDeadLetters, pipelineVersion, topics, groupId,
        kafkaBootstrapServers, kafkaSecurity, progressInterval);
  }

  public BackoffPolicy backoffPolicy() {
    return new BackoffPolicy(retryInitialBackoff, retryMaxBackoff);
  }

  public IndexLayout indexLayout() {
    return new IndexLayout(indexPrefix);
  }

  /** The password is never printed: configs end up in logs. */
  @Override
  public String toString() {
    return "SearchSinkConfig[openSearchUrl=" + openSearchUrl + ", authMode=" + authMode + ", indexPrefix='"
        + indexPrefix + "', bulkMaxDocs=" + bulkMaxDocs + ", bulkMaxBytes=" + bulkMaxBytes + ", maxItemAttempts="
        + maxItemAttempts + ", maxOutageWait=" + (maxOutageWait == null ? "forever" : maxOutageWait) + ", topics="
        + topics + ", groupId=" + groupId + ", kafka=" + kafkaBootstrapServers + " (" + kafkaSecurity + ")]";
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set: give the OpenSearch endpoint, e.g. http://127.0.0.1:9200");
    }
    return value.trim();
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + "='" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()), e);
    }
  }

  private static int parseInt(Map<String, String> env, String name, int fallback) {
    return (int) parseLong(env, name, fallback);
  }

  private static long parseLong(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not a whole number", e);
    }
  }

  private static Duration parseDuration(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback);
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not an ISO-8601 duration such as PT5S", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String firstNonBlank(String a, String b) {
    return blankToNull(a) != null ? a.trim() : blankToNull(b);
  }
}
