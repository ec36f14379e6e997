package dev.geomonitor.alarms;

import dev.geomonitor.alarms.notify.EmailChannel;
import dev.geomonitor.alarms.notify.NotificationDispatcher;
import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import dev.geomonitor.searchsink.IndexLayout;
import dev.geomonitor.searchsink.OpenSearchConnection;
import dev.geomonitor.searchsink.SearchSinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the alarm processor is started with, read once ({@link #from(SettingValues)}).
 *
 * @param alarms the alarms file (levels, recipients, intervals)
 * @param alertsFrom alerts of readings before it raise nothing (null: all)
 * @param pollInterval time between two passes
 * @param smtp null: no e-mail
 * @param webhookSecret null: no webhooks
 * @param retry delivery attempts and backoff
 * @param deliveryTimeout connect/read timeout of one delivery
 * @param pageUrl the page people acknowledge on, for the links in messages (null: none)
 * @param topics level to SNS topic ARN: every message of the level is also published there (AWS)
 * @param search where alarms are indexed for the Dashboards alarms dashboard (null: not indexed)
 */
public record AlarmConfig(
    AlarmsFile alarms,
    Instant alertsFrom,
    Duration pollInterval,
    EmailChannel.SmtpSettings smtp,
    String webhookSecret,
    NotificationDispatcher.RetryPolicy retry,
    Duration deliveryTimeout,
    URI pageUrl,
    Map<String, String> topics,
    AlarmSearch search) {
  private static final Pattern SNS_ARN =
      Pattern.compile("arn:[a-z-]+:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");

  public static final Setting<String> ALARMS_FILE =
      Setting.optional(
          "ALARMS_FILE",
          SettingTypes.TEXT,
          "path of the site's alarm configuration (JSON: levels, deadlines, recipients, stale intervals; see"
              + " alarms/README.md); unset: the built-in defaults, which notify nobody");
  public static final Setting<Instant> ALARMS_FROM =
      Setting.optional(
          "ALARMS_FROM",
          SettingTypes.INSTANT,
          "alerts of readings stamped before this instant raise no alarm (set it when a site with a history starts"
              + " using alarms)");
  public static final Setting<Duration> ALARM_POLL_INTERVAL =
      Setting.of(
          "ALARM_POLL_INTERVAL",
          SettingTypes.DURATION,
          "PT1S",
          "time between two passes of the alarm processor (new alerts, watch, deadlines,"
              + " deliveries)");
  public static final Setting<String> SMTP_HOST =
      Setting.optional(
          "SMTP_HOST",
          SettingTypes.TEXT,
          "SMTP server for alarm e-mail; required when a recipient group has e-mail addresses");
  public static final Setting<Integer> SMTP_PORT =
      Setting.of(
          "SMTP_PORT",
          SettingTypes.POSITIVE_INT,
          "25",
          "SMTP server port (587 with SMTP_STARTTLS=true for most providers)");
  public static final Setting<String> SMTP_FROM =
      Setting.of(
          "SMTP_FROM",
          SettingTypes.TEXT,
          "geomonitor-alarms@localhost",
          "sender address of alarm e-mail");
  public static final Setting<String> SMTP_USER =
      Setting.optional("SMTP_USER", SettingTypes.TEXT, "SMTP user name; unset: no authentication");
  public static final Setting<String> SMTP_PASSWORD =
      Setting.optional("SMTP_PASSWORD", SettingTypes.TEXT, "SMTP password (with SMTP_USER)");
  public static final Setting<Boolean> SMTP_STARTTLS =
      Setting.of(
          "SMTP_STARTTLS",
          SettingTypes.BOOLEAN,
          "false",
          "require STARTTLS on the SMTP connection");
  public static final Setting<String> WEBHOOK_SECRET =
      Setting.optional(
          "WEBHOOK_SECRET",
          SettingTypes.TEXT,
          "shared secret (16+ characters) of the webhooks' HMAC-SHA256 signature; required when a group has webhooks");
  public static final Setting<Integer> DELIVERY_ATTEMPTS =
      Setting.of(
          "DELIVERY_ATTEMPTS",
          SettingTypes.POSITIVE_INT,
          "8",
          "tries per e-mail or webhook before it is recorded FAILED");
  public static final Setting<Duration> DELIVERY_BACKOFF =
      Setting.of(
          "DELIVERY_BACKOFF",
          SettingTypes.DURATION,
          "PT15S",
          "wait after the first failed try; doubles with each further one (at most an hour)");
  public static final Setting<Duration> DELIVERY_TIMEOUT =
      Setting.of(
          "DELIVERY_TIMEOUT",
          SettingTypes.DURATION,
          "PT10S",
          "connect and answer timeout of one SMTP or webhook delivery");
  public static final Setting<URI> ALARM_PAGE_URL =
      Setting.optional(
          "ALARM_PAGE_URL",
          SettingTypes.HTTP_URL,
          "base URL of the page that lists alarms, for the acknowledge link in messages");

  public static final Setting<String> ALARM_TOPICS =
      Setting.optional(
          "ALARM_TOPICS",
          SettingTypes.TEXT,
          "SNS topics per level, LEVEL=TOPIC_ARN separated by commas (the CDK stack sets it): every message of"
              + " the level is also published to its topic");

  public static final Setting<URI> OPENSEARCH_URL =
      Setting.optional(
          "OPENSEARCH_URL",
          SettingTypes.HTTP_URL,
          "OpenSearch cluster each pass indexes the changed alarms into (alias `alarms`, for the Dashboards alarms"
              + " dashboard); unset: alarms are not indexed. The local runner sets its own node's; signing in and index"
              + " names follow the search sink's settings below");

  /** Every setting, in the order of the README's table. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          ALARMS_FILE,
          ALARMS_FROM,
          ALARM_POLL_INTERVAL,
          SMTP_HOST,
          SMTP_PORT,
          SMTP_FROM,
          SMTP_USER,
          SMTP_PASSWORD,
          SMTP_STARTTLS,
          WEBHOOK_SECRET,
          DELIVERY_ATTEMPTS,
          DELIVERY_BACKOFF,
          DELIVERY_TIMEOUT,
          ALARM_PAGE_URL,
          ALARM_TOPICS,
          OPENSEARCH_URL,
          SearchSinkConfig.OPENSEARCH_AUTH,
          SearchSinkConfig.OPENSEARCH_USERNAME,
          SearchSinkConfig.OPENSEARCH_PASSWORD,
          SearchSinkConfig.OPENSEARCH_SECRET_ARN,
          SearchSinkConfig.OPENSEARCH_REGION,
          SearchSinkConfig.OPENSEARCH_SIGNING_SERVICE,
          SearchSinkConfig.SINK_INDEX_PREFIX,
          SearchSinkConfig.SINK_INDEX_SHARDS);

  public AlarmConfig {
    Objects.requireNonNull(alarms, "alarms");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    topics = Map.copyOf(topics);
  }

  public static AlarmConfig from(SettingValues s) {
    AlarmsFile file =
        s.optional(ALARMS_FILE)
            .map(p -> AlarmsFile.read(Path.of(p)))
            .orElseGet(AlarmsFile::defaults);
    Duration timeout = s.get(DELIVERY_TIMEOUT);
    EmailChannel.SmtpSettings smtp =
        s.optional(SMTP_HOST)
            .map(
                host ->
                    new EmailChannel.SmtpSettings(
                        host,
                        s.get(SMTP_PORT),
                        s.get(SMTP_FROM),
                        s.optional(SMTP_USER).orElse(null),
                        s.optional(SMTP_PASSWORD).orElse(null),
                        s.get(SMTP_STARTTLS),
                        timeout))
            .orElse(null);
    return new AlarmConfig(
        file,
        s.optional(ALARMS_FROM).orElse(null),
        s.get(ALARM_POLL_INTERVAL),
        smtp,
        s.optional(WEBHOOK_SECRET).orElse(null),
        new NotificationDispatcher.RetryPolicy(s.get(DELIVERY_ATTEMPTS), s.get(DELIVERY_BACKOFF)),
        timeout,
        s.optional(ALARM_PAGE_URL).orElse(null),
        s.optional(ALARM_TOPICS).map(AlarmConfig::topics).orElse(Map.of()),
        s.optional(OPENSEARCH_URL).map(url -> search(s, url)).orElse(null));
  }

  private static AlarmSearch search(SettingValues s, URI url) {
    return new AlarmSearch(
        OpenSearchConnection.from(s, url),
        new IndexLayout(
            s.optional(SearchSinkConfig.SINK_INDEX_PREFIX).orElse(""),
            s.get(SearchSinkConfig.SINK_INDEX_SHARDS)));
  }

  /** Parses ALARM_TOPICS: {@code LEVEL=arn:PARTITION:sns:REGION:ACCOUNT:NAME}, comma-separated. */
  static Map<String, String> topics(String text) {
    Map<String, String> topics = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String level = eq < 0 ? entry.trim() : entry.substring(0, eq).trim();
      String arn = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (!AlarmsFile.LEVELS.contains(level)) {
        throw new IllegalArgumentException(
            "ALARM_TOPICS: '" + level + "' is not a level; use one of " + AlarmsFile.LEVELS);
      }
      if (!SNS_ARN.matcher(arn).matches()) {
        throw new IllegalArgumentException(
            "ALARM_TOPICS: the topic of "
                + level
                + " must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME), got '"
                + arn
                + "'");
      }
      if (topics.put(level, arn) != null) {
        throw new IllegalArgumentException("ALARM_TOPICS names level " + level + " twice");
      }
    }
    return topics;
  }

  /** The defaults: built-in alarms file, no e-mail, no webhooks. */
  public static AlarmConfig defaults() {
    return from(SettingValues.of(java.util.Map.of()));
  }

  public AlarmConfig withAlarms(AlarmsFile newAlarms) {
    return new AlarmConfig(
        newAlarms,
        alertsFrom,
        pollInterval,
        smtp,
        webhookSecret,
        retry,
        deliveryTimeout,
        pageUrl,
        topics,
        search);
  }

  public AlarmConfig withSmtp(EmailChannel.SmtpSettings newSmtp) {
    return new AlarmConfig(
        alarms,
        alertsFrom,
        pollInterval,
        newSmtp,
        webhookSecret,
        retry,
        deliveryTimeout,
        pageUrl,
        topics,
        search);
  }

  public AlarmConfig withWebhookSecret(String secret) {
    return new AlarmConfig(
        alarms,
        alertsFrom,
        pollInterval,
        smtp,
        secret,
        retry,
        deliveryTimeout,
        pageUrl,
        topics,
        search);
  }

  public AlarmConfig withRetry(NotificationDispatcher.RetryPolicy newRetry) {
    return new AlarmConfig(
        alarms,
        alertsFrom,
        pollInterval,
        smtp,
        webhookSecret,
        newRetry,
        deliveryTimeout,
        pageUrl,
        topics,
        search);
  }

  public AlarmConfig withPollInterval(Duration interval) {
    return new AlarmConfig(
        alarms,
        alertsFrom,
        interval,
        smtp,
        webhookSecret,
        retry,
        deliveryTimeout,
        pageUrl,
        topics,
        search);
  }

  public AlarmConfig withTopics(Map<String, String> levelTopics) {
    return new AlarmConfig(
        alarms,
        alertsFrom,
        pollInterval,
        smtp,
        webhookSecret,
        retry,
        deliveryTimeout,
        pageUrl,
        levelTopics,
        search);
  }

  public AlarmConfig withPageUrl(URI url) {
    return new AlarmConfig(
        alarms,
        alertsFrom,
        pollInterval,
        smtp,
        webhookSecret,
        retry,
        deliveryTimeout,
        url,
        topics,
        search);
  }

  /** Indexes alarms into {@code newSearch}'s cluster (null: not at all). */
  public AlarmConfig withSearch(AlarmSearch newSearch) {
    return new AlarmConfig(
        alarms,
        alertsFrom,
        pollInterval,
        smtp,
        webhookSecret,
        retry,
        deliveryTimeout,
        pageUrl,
        topics,
        newSearch);
  }
}
