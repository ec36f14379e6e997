package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.platform.kafka.KafkaAuth;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSinkConfigTest {

  @Test
  void defaultsNeedOnlyTheOpenSearchUrl() {
    SearchSinkConfig config =
        SearchSinkConfig.fromSettings(Map.of("OPENSEARCH_URL", "http://127.0.0.1:9200"));
    assertThat(config.authMode()).isEqualTo(SearchSinkConfig.AuthMode.NONE);
    assertThat(config.bulkMaxDocs()).isEqualTo(5000);
    assertThat(config.maxOutageWait()).as("local default: wait until OpenSearch is back").isNull();
    assertThat(config.topics().readings()).isEqualTo("monitoring.readings");
    assertThat(config.pipelineVersion().label()).isEqualTo("v1");
    assertThat(config.indexLayout().alias(DocumentKind.READINGS)).isEqualTo("readings");
  }

  @Test
  void retentionIsForeverUnlessSetPerKind() {
    SearchSinkConfig defaults =
        SearchSinkConfig.fromSettings(Map.of("OPENSEARCH_URL", "http://127.0.0.1:9200"));
    assertThat(defaults.retention()).isEmpty();
    assertThat(defaults.retentionInterval()).isEqualTo(Duration.ofHours(1));

    SearchSinkConfig set =
        SearchSinkConfig.fromSettings(
            Map.of(
                "OPENSEARCH_URL", "http://127.0.0.1:9200",
                "SINK_RETENTION_READINGS", "P30D",
                "SINK_RETENTION_ALERTS", "forever",
                "SINK_RETENTION_DEAD_LETTERS", "P7D",
                "SINK_RETENTION_INTERVAL", "PT10M"));
    assertThat(set.retention())
        .containsOnly(
            Map.entry(DocumentKind.READINGS, Duration.ofDays(30)),
            Map.entry(DocumentKind.DEAD_LETTERS, Duration.ofDays(7)));
    assertThat(set.retentionInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aRetentionOfZeroIsRefused() {
    assertThatThrownBy(
            () ->
                SearchSinkConfig.fromSettings(
                    Map.of(
                        "OPENSEARCH_URL", "http://127.0.0.1:9200",
                        "SINK_RETENTION_AGGREGATES", "PT0S")))
        .hasMessageContaining("retention of aggregates");
  }

  @Test
  void readsEveryTunableSetting() {
    SearchSinkConfig config =
        SearchSinkConfig.fromSettings(
            Map.ofEntries(
                Map.entry("OPENSEARCH_URL", "https://search.example:443"),
                Map.entry("OPENSEARCH_AUTH", "sigv4"),
                Map.entry("AWS_REGION", "ap-southeast-2"),
                Map.entry("SINK_BULK_MAX_DOCS", "250"),
                Map.entry("SINK_BULK_MAX_BYTES", "1048576"),
                Map.entry("SINK_MAX_OUTAGE_WAIT", "PT2M"),
                Map.entry("SINK_INDEX_PREFIX", "t1-"),
                Map.entry("TOPIC_DLQ", "dlq.x"),
                Map.entry("KAFKA_AUTH", "iam"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9098"),
                Map.entry("PIPELINE_VERSION", "v2")));
    assertThat(config.authMode()).isEqualTo(SearchSinkConfig.AuthMode.SIGV4);
    assertThat(config.region()).isEqualTo("ap-southeast-2");
    assertThat(config.signingService()).isEqualTo("es");
    assertThat(config.bulkMaxDocs()).isEqualTo(250);
    assertThat(config.bulkMaxBytes()).isEqualTo(1_048_576);
    assertThat(config.maxOutageWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.indexLayout().index(DocumentKind.ALERTS, config.pipelineVersion()))
        .isEqualTo("t1-alerts-v2");
    assertThat(config.topics().dlq()).isEqualTo("dlq.x");
    assertThat(config.kafkaAuth()).isEqualTo(KafkaAuth.IAM);
    assertThat(KafkaClientSettings.producer(config).getProperty("sasl.mechanism"))
        .isEqualTo("AWS_MSK_IAM");
    assertThat(KafkaClientSettings.consumer(config).getProperty("security.protocol"))
        .isEqualTo("SASL_SSL");
  }

  @Test
  void badSettingsAreNamedInTheError() {
    assertThatThrownBy(() -> SearchSinkConfig.fromSettings(Map.of()))
        .hasMessageContaining("OPENSEARCH_URL");
    assertThatThrownBy(
            () ->
                SearchSinkConfig.fromSettings(
                    Map.of("OPENSEARCH_URL", "http://h:1", "OPENSEARCH_AUTH", "kerberos")))
        .hasMessageContaining("OPENSEARCH_AUTH='kerberos'");
    assertThatThrownBy(
            () ->
                SearchSinkConfig.fromSettings(
                    Map.of("OPENSEARCH_URL", "http://h:1", "OPENSEARCH_AUTH", "basic")))
        .hasMessageContaining("OPENSEARCH_SECRET_ARN");
    assertThatThrownBy(
            () ->
                SearchSinkConfig.fromSettings(
                    Map.of("OPENSEARCH_URL", "http://h:1", "SINK_BULK_MAX_DOCS", "lots")))
        .hasMessageContaining("SINK_BULK_MAX_DOCS='lots'");
    assertThatThrownBy(
            () ->
                SearchSinkConfig.fromSettings(
                    Map.of("OPENSEARCH_URL", "http://h:1", "SINK_INDEX_PREFIX", "Upper-")))
        .hasMessageContaining("lower case");
  }

  @Test
  void passwordIsNeverPrinted() {
    SearchSinkConfig config =
        SearchSinkConfig.fromSettings(
            Map.of(
                "OPENSEARCH_URL",
                "http://h:1",
                "OPENSEARCH_AUTH",
                "basic",
                "OPENSEARCH_USERNAME",
                "admin",
                "OPENSEARCH_PASSWORD",
                "s3cret-Pw"));
    assertThat(config.toString()).doesNotContain("s3cret-Pw");
  }

  @Test
  void aBooleanTypoIsAnErrorNotFalse() {
    assertThatThrownBy(
            () ->
                SearchSinkConfig.fromSettings(
                    Map.of("OPENSEARCH_URL", "http://h:1", "SINK_INDEX_DEAD_LETTERS", "flase")))
        .hasMessageContaining("SINK_INDEX_DEAD_LETTERS='flase' is not true or false");
  }

  @Test
  void theReadmeTableIsTheDeclaredSettings() {
    org.assertj.core.api.Assertions.assertThatCode(
            () ->
                dev.geomonitor.platform.settings.SettingsTable.requireDocumented(
                    java.nio.file.Path.of("README.md"), "search-sink", SearchSinkConfig.SETTINGS))
        .doesNotThrowAnyException();
  }
}
