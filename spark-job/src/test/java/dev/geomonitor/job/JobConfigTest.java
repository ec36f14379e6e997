package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.platform.kafka.KafkaAuth;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {
  private static final Map<String, String> ENV =
      Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
          "CHECKPOINT_LOCATION", "/tmp/cp",
          "JDBC_URL", "jdbc:postgresql://db:5432/geomonitor",
          "TOPIC_RAW", "site.raw");

  @Test
  void environmentGivesDefaultsAndArgumentsOverrideIt() {
    // When the environment is overridden by both argument forms
    JobConfig c =
        JobConfig.fromArgsAndEnv(
            new String[] {
              "--pipeline-version=v2", "WINDOW_SIZES=PT1M", "--sink-mode=noop", "--kafka-auth=iam"
            },
            ENV);

    // Then
    assertThat(c.bootstrapServers()).isEqualTo("broker:9092");
    assertThat(c.topics().raw()).isEqualTo("site.raw");
    assertThat(c.topics().readings()).isEqualTo("monitoring.readings");
    assertThat(c.pipelineVersion().label()).isEqualTo("v2");
    assertThat(c.windowSizes()).containsExactly(Duration.ofMinutes(1));
    assertThat(c.sinkMode()).isEqualTo(JobConfig.SinkMode.NOOP);
    assertThat(c.mskIam()).isTrue();
    assertThat(c.shufflePartitions()).isEqualTo(4);
    assertThat(c.startingOffsets()).isEqualTo("latest");
    assertThat(c.watermarkDelay()).isEqualTo(Duration.ofHours(2));
    assertThat(c.site()).isEqualTo(dev.geomonitor.domain.ValidationPolicy.DEFAULT);
  }

  @Test
  void horizonShorterThanTheLargestWindowIsRefused() {
    assertThatThrownBy(
            () -> JobConfig.fromArgsAndEnv(new String[] {"--watermark-delay=PT30S"}, ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WATERMARK_DELAY PT30S");
  }

  @Test
  void siteSettingsAreReadOnceIntoTheConfig() {
    JobConfig c =
        JobConfig.fromArgsAndEnv(
            new String[] {
              "--site-crs=EPSG:7856",
              "--site-bounds=330000,6250000,340000,6260000",
              "--site-epoch=2020-01-01T00:00:00Z",
              "--future-tolerance=PT1M"
            },
            ENV);

    assertThat(c.site().crs()).isEqualTo("EPSG:7856");
    assertThat(c.site().grid().minEasting()).isEqualTo(330_000);
    assertThat(c.site().siteEpoch()).isEqualTo(java.time.Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(c.site().futureTolerance()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void missingBootstrapServersNamesTheSetting() {
    assertThatThrownBy(() -> JobConfig.fromSettings(Map.of("CHECKPOINT_LOCATION", "/tmp/cp")))
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS is required");
  }

  @Test
  void malformedArgumentIsExplained() {
    assertThatThrownBy(() -> JobConfig.fromArgsAndEnv(new String[] {"--oops"}, ENV))
        .hasMessageContaining("'--oops' is not of the form");
  }

  @Test
  void passwordIsNotPrinted() {
    JobConfig c = JobConfig.fromArgsAndEnv(new String[] {"--jdbc-password=s3cret"}, ENV);
    assertThat(c.jdbcPassword()).isEqualTo("s3cret");
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void mskIamSwitchesSourceAndProducerToSaslSsl() {
    KafkaSettings k = new KafkaSettings("b-1:9098", KafkaAuth.IAM);
    assertThat(k.sourceOptions("t", "earliest", 10))
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("failOnDataLoss", "true")
        .containsEntry("maxOffsetsPerTrigger", "10");
    assertThat(k.producer())
        .containsEntry(
            "sasl.client.callback.handler.class",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    assertThat(new KafkaSettings("b:9092", KafkaAuth.NONE).producer())
        .doesNotContainKey("security.protocol");
  }

  @Test
  void kafkaAuthIsTheOneSwitchAndATypoIsRefused() {
    java.util.Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("KAFKA_AUTH", "iam");
    assertThat(JobConfig.fromSettings(env).mskIam()).isTrue();
    assertThat(JobConfig.fromSettings(ENV).mskIam()).isFalse();
    assertThatThrownBy(() -> JobConfig.fromArgsAndEnv(new String[] {"--kafka-auth=kerberos"}, ENV))
        .hasMessageContaining("KAFKA_AUTH='kerberos' is not one of none | iam");
  }

  @Test
  void kafkaGroupIdBecomesTheSourcesGroupForEveryQuery() {
    // Given
    JobConfig c =
        JobConfig.fromArgsAndEnv(new String[] {"--kafka-group-id=geomonitor-spark-v1"}, ENV);

    // When
    KafkaSettings k = KafkaSettings.of(c);

    // Then the raw and the readings topic source name the one group the IAM role allows
    assertThat(k.sourceOptions("raw", "earliest", 10))
        .containsEntry("kafka.group.id", "geomonitor-spark-v1");
    assertThat(k.sourceOptions("readings", "earliest", 10))
        .containsEntry("kafka.group.id", "geomonitor-spark-v1");
    assertThat(KafkaSettings.of(JobConfig.fromSettings(ENV)).sourceOptions("raw", "earliest", 10))
        .doesNotContainKey("kafka.group.id");
  }

  @Test
  void secretArnReplacesTheRequiredJdbcUrl() {
    java.util.Map<String, String> env = new java.util.HashMap<>(ENV);
    env.remove("JDBC_URL");
    assertThatThrownBy(() -> JobConfig.fromSettings(env))
        .hasMessageContaining("JDBC_URL is required");
    env.put("DB_SECRET_ARN", "arn:aws:secretsmanager:ap-southeast-2:1:secret:db");
    assertThat(JobConfig.fromSettings(env).dbSecretArn())
        .contains("arn:aws:secretsmanager:ap-southeast-2:1:secret:db");
  }
}
