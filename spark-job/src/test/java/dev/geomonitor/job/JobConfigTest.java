package dev.geomonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            new String[] {"--pipeline-version=v2", "WINDOW_SIZES=PT1M", "--sink-mode=noop", "--kafka-msk-iam=true"},
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
    assertThat(c.watermarkDelay()).isEqualTo(Duration.ofMinutes(21));
  }

  @Test
  void watermarkShorterThanTheValidatorsWindowIsRefused() {
    assertThatThrownBy(() -> JobConfig.fromArgsAndEnv(new String[] {"--watermark-delay=PT5M"}, ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WATERMARK_DELAY PT5M");
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
    KafkaSettings k = new KafkaSettings("b-1:9098", true);
    assertThat(k.sourceOptions("t", "earliest", 10))
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("failOnDataLoss", "true")
        .containsEntry("maxOffsetsPerTrigger", "10");
    assertThat(k.producer()).containsEntry("sasl.client.callback.handler.class",
        "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    assertThat(new KafkaSettings("b:9092", false).producer()).doesNotContainKey("security.protocol");
  }
}
