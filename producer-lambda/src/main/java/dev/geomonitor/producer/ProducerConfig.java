package dev.geomonitor.producer;

import dev.geomonitor.domain.Topics;
import dev.geomonitor.platform.kafka.KafkaConnection;
import dev.geomonitor.platform.kafka.ProducerTuning;
import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingType;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the producer is configured with, read once per process from its settings (the
 * environment in the Lambda, environment plus command-line options in the local loop). Nothing else
 * in the producer reads the environment.
 *
 * @param apiBaseUrl the source API (or simulator) root, e.g. {@code http://localhost:8080}
 * @param endpoints paths polled in each poll cycle, e.g. {@code /params/all/}
 * @param kafka how to reach Kafka
 * @param topics topic names; the producer writes {@code raw} and {@code dlq}
 * @param pollsPerInvocation how many poll cycles one scheduled Lambda invocation runs
 * @param pollInterval time between the starts of two poll cycles
 * @param connectTimeout TCP connect timeout for the source API
 * @param readTimeout how long one request may take until the whole body has arrived
 * @param retry how failed requests are retried
 * @param safetyMargin remaining Lambda time never spent on a new poll (flush, close, return)
 * @param apiAuth how requests to the source API authenticate ({@code API_AUTH})
 * @param signingRegion the SigV4 signing region with {@code API_AUTH=sigv4}; null otherwise allowed
 */
public record ProducerConfig(
    URI apiBaseUrl,
    List<String> endpoints,
    KafkaSettings kafka,
    Topics topics,
    int pollsPerInvocation,
    Duration pollInterval,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retry,
    Duration safetyMargin,
    ApiSigner.ApiAuth apiAuth,
    String signingRegion) {

  public static final String DEFAULT_ENDPOINTS = "/params/all/";

  private static final SettingType<List<String>> PATHS =
      SettingTypes.refined(
          SettingTypes.listOf(SettingTypes.TEXT),
          "comma-separated paths starting with /",
          paths -> {
            for (String p : paths) {
              if (!p.startsWith("/")) {
                throw new IllegalArgumentException(
                    "'" + p + "' does not start with '/' (paths are relative to API_BASE_URL)");
              }
            }
            return paths;
          });

  public static final Setting<URI> API_BASE_URL =
      Setting.of(
          "API_BASE_URL",
          SettingTypes.HTTP_URL,
          "http://localhost:8080",
          "source API (or simulator) root");
  public static final Setting<List<String>> API_ENDPOINTS =
      Setting.of("API_ENDPOINTS", PATHS, DEFAULT_ENDPOINTS, "paths polled in each poll cycle");
  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
      KafkaConnection.bootstrapServersSetting("localhost:9092");
  public static final Setting<String> KAFKA_CLIENT_ID =
      Setting.of(
          "KAFKA_CLIENT_ID",
          SettingTypes.TEXT,
          "geomonitor-producer",
          "names the producer in broker logs and quotas");
  public static final Setting<Duration> KAFKA_LINGER =
      Setting.of(
          "KAFKA_LINGER",
          SettingTypes.DURATION,
          "PT0.01S",
          "how long a batch waits for more readings");
  public static final Setting<Integer> KAFKA_BATCH_SIZE =
      Setting.of(
              "KAFKA_BATCH_SIZE", SettingTypes.POSITIVE_INT, "131072", "batch size per partition")
          .in("bytes");
  public static final Setting<Duration> KAFKA_REQUEST_TIMEOUT =
      Setting.of(
          "KAFKA_REQUEST_TIMEOUT",
          SettingTypes.DURATION,
          "PT15S",
          "how long one produce request may wait");
  public static final Setting<Duration> KAFKA_DELIVERY_TIMEOUT =
      Setting.of(
          "KAFKA_DELIVERY_TIMEOUT",
          SettingTypes.DURATION,
          "PT30S",
          "how long a send may take, retries included (at least linger + request timeout)");
  public static final Setting<Duration> KAFKA_MAX_BLOCK =
      Setting.of(
          "KAFKA_MAX_BLOCK",
          SettingTypes.DURATION,
          "PT10S",
          "how long send() may block for metadata or buffer");
  public static final Setting<Integer> POLLS_PER_INVOCATION =
      Setting.of(
          "POLLS_PER_INVOCATION",
          SettingTypes.POSITIVE_INT,
          "4",
          "poll cycles per scheduled Lambda invocation");
  public static final Setting<Duration> POLL_INTERVAL =
      Setting.of(
          "POLL_INTERVAL",
          SettingTypes.DURATION,
          "PT15S",
          "time between poll starts (`--interval`)");
  public static final Setting<Duration> LAMBDA_SAFETY_MARGIN =
      Setting.of(
          "LAMBDA_SAFETY_MARGIN",
          SettingTypes.DURATION,
          "PT5S",
          "remaining time never spent on a new poll");
  public static final Setting<Duration> HTTP_CONNECT_TIMEOUT =
      Setting.of("HTTP_CONNECT_TIMEOUT", SettingTypes.DURATION, "PT2S", "TCP connect timeout");
  public static final Setting<Duration> HTTP_READ_TIMEOUT =
      Setting.of(
          "HTTP_READ_TIMEOUT",
          SettingTypes.DURATION,
          "PT10S",
          "deadline for a whole response, body included");
  public static final Setting<Integer> HTTP_MAX_ATTEMPTS =
      Setting.of(
          "HTTP_MAX_ATTEMPTS",
          SettingTypes.POSITIVE_INT,
          "4",
          "attempts per request, the first included");
  public static final Setting<Duration> HTTP_BACKOFF_INITIAL =
      Setting.of(
          "HTTP_BACKOFF_INITIAL",
          SettingTypes.DURATION,
          "PT0.2S",
          "backoff ceiling before the first retry");
  public static final Setting<Duration> HTTP_BACKOFF_MAX =
      Setting.of("HTTP_BACKOFF_MAX", SettingTypes.DURATION, "PT5S", "cap of the backoff ceiling");
  public static final Setting<ApiSigner.ApiAuth> API_AUTH =
      Setting.of(
          "API_AUTH",
          SettingTypes.choice(ApiSigner.ApiAuth.class),
          "none",
          "`sigv4` signs each request with the process's AWS credentials (service `lambda`: a Function URL with"
              + " AWS_IAM auth, such as the dev stack's simulator); `none` sends them unsigned");
  public static final Setting<String> API_SIGNING_REGION =
      Setting.optional(
          "API_SIGNING_REGION", SettingTypes.TEXT, "SigV4 signing region; unset: `AWS_REGION`");
  public static final Setting<String> AWS_REGION =
      Setting.optional("AWS_REGION", SettingTypes.TEXT, "the process's AWS region (set by Lambda)");
  public static final Setting<Duration> HTTP_RETRY_AFTER_MAX =
      Setting.of(
          "HTTP_RETRY_AFTER_MAX", SettingTypes.DURATION, "PT10S", "longest `Retry-After` honoured");

  /** Every setting the producer reads, in the order of the README's table. */
  public static final List<Setting<?>> SETTINGS = settings();

  public ProducerConfig {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "API_ENDPOINTS is empty: list at least one path, e.g. /params/all/");
    }
    apiAuth = apiAuth == null ? ApiSigner.ApiAuth.NONE : apiAuth;
    if (apiAuth == ApiSigner.ApiAuth.SIGV4 && (signingRegion == null || signingRegion.isBlank())) {
      throw new IllegalArgumentException(
          "API_AUTH=sigv4 needs a signing region: set API_SIGNING_REGION (Lambda sets AWS_REGION)");
    }
  }

  /**
   * A producer run inside another process (the local runner): the declared defaults, with the API,
   * the endpoints, the broker, the topics and the interval given as typed values instead of a
   * settings map.
   */
  public static ProducerConfig local(
      URI apiBaseUrl,
      List<String> endpoints,
      KafkaSettings kafka,
      Topics topics,
      Duration pollInterval) {
    ProducerConfig d = from(SettingValues.of(Map.of()));
    return new ProducerConfig(
        apiBaseUrl,
        endpoints,
        kafka,
        topics,
        d.pollsPerInvocation,
        pollInterval,
        d.connectTimeout,
        d.readTimeout,
        d.retry,
        d.safetyMargin,
        ApiSigner.ApiAuth.NONE,
        null);
  }

  /** The environment of this process. The only place the producer reads the environment. */
  public static ProducerConfig fromEnvironment() {
    return from(SettingValues.environment());
  }

  /**
   * The environment with some settings replaced (the local loop's command-line options win over the
   * environment).
   */
  public static ProducerConfig fromEnvironment(Map<String, String> overrides) {
    return from(SettingValues.environment().with(overrides));
  }

  /** Reads the settings (names as in the README's table); absent ones take their defaults. */
  public static ProducerConfig fromSettings(Map<String, String> env) {
    return from(SettingValues.of(env));
  }

  public static ProducerConfig from(SettingValues s) {
    ProducerTuning tuning =
        ProducerTuning.builder()
            .compress(true)
            .linger(s.get(KAFKA_LINGER))
            .batchSizeBytes(s.get(KAFKA_BATCH_SIZE))
            .requestTimeout(s.get(KAFKA_REQUEST_TIMEOUT))
            .deliveryTimeout(s.get(KAFKA_DELIVERY_TIMEOUT))
            .maxBlock(s.get(KAFKA_MAX_BLOCK))
            .build();
    KafkaConnection connection =
        new KafkaConnection(
            s.get(KAFKA_BOOTSTRAP_SERVERS), s.get(KafkaConnection.AUTH), s.get(KAFKA_CLIENT_ID));
    RetryPolicy retry =
        new RetryPolicy(
            s.get(HTTP_MAX_ATTEMPTS),
            s.get(HTTP_BACKOFF_INITIAL),
            s.get(HTTP_BACKOFF_MAX),
            s.get(HTTP_RETRY_AFTER_MAX));
    return new ProducerConfig(
        s.get(API_BASE_URL),
        s.get(API_ENDPOINTS),
        new KafkaSettings(connection, tuning),
        Topics.from(s),
        s.get(POLLS_PER_INVOCATION),
        s.get(POLL_INTERVAL),
        s.get(HTTP_CONNECT_TIMEOUT),
        s.get(HTTP_READ_TIMEOUT),
        retry,
        s.get(LAMBDA_SAFETY_MARGIN),
        s.get(API_AUTH),
        s.optional(API_SIGNING_REGION).orElse(s.get(AWS_REGION)));
  }

  private static List<Setting<?>> settings() {
    List<Setting<?>> all =
        new ArrayList<>(
            List.of(
                API_BASE_URL,
                API_ENDPOINTS,
                API_AUTH,
                API_SIGNING_REGION,
                AWS_REGION,
                POLLS_PER_INVOCATION,
                POLL_INTERVAL,
                LAMBDA_SAFETY_MARGIN,
                HTTP_CONNECT_TIMEOUT,
                HTTP_READ_TIMEOUT,
                HTTP_MAX_ATTEMPTS,
                HTTP_BACKOFF_INITIAL,
                HTTP_BACKOFF_MAX,
                HTTP_RETRY_AFTER_MAX,
                KAFKA_BOOTSTRAP_SERVERS,
                KafkaConnection.AUTH,
                KAFKA_CLIENT_ID,
                KAFKA_LINGER,
                KAFKA_BATCH_SIZE,
                KAFKA_REQUEST_TIMEOUT,
                KAFKA_DELIVERY_TIMEOUT,
                KAFKA_MAX_BLOCK));
    all.add(Topics.SETTINGS.get(0));
    all.add(Topics.SETTINGS.get(4));
    return List.copyOf(all);
  }
}
