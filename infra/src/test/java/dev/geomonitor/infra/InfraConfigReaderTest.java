package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.infra.InfraConfig.DatabaseEngine;
import dev.geomonitor.infra.InfraConfig.KafkaMode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfraConfigReaderTest {
  private static final String API = "api.externalUrl";
  private static final String EXAMPLE_API = SynthesizedStacks.EXAMPLE_API;

  @Test
  void devDefaultsAreTwoSmallBrokersAndSmall() {
    InfraConfig dev = InfraConfigReader.read(Map.of("env", "dev"), null);

    // (dev ran MSK Serverless until the cheap dev configuration: two kafka.t3.small brokers)
    assertThat(dev.kafka().mode()).isEqualTo(KafkaMode.PROVISIONED);
    assertThat(dev.kafka().brokerCount()).isEqualTo(2);
    assertThat(dev.database().engine()).isEqualTo(DatabaseEngine.RDS_POSTGRES);
    assertThat(dev.search().dataNodes()).isEqualTo(1);
    assertThat(dev.kafka().rawRetentionMs()).isEqualTo(-1);
    assertThat(dev.kafka().topics().raw()).isEqualTo("monitoring.raw");
  }

  @Test
  void prodDefaultsAreProvisionedAndMultiAz() {
    InfraConfig prod =
        InfraConfigReader.read(Map.of("env", "prod", API, EXAMPLE_API), "123456789012");

    assertThat(prod.kafka().mode()).isEqualTo(KafkaMode.PROVISIONED);
    assertThat(prod.kafka().brokerCount()).isEqualTo(4);
    assertThat(prod.database().multiAz()).isTrue();
    assertThat(prod.account()).isEqualTo("123456789012");
  }

  @Test
  void missingEnvSelectsDev() {
    assertThat(InfraConfigReader.read(Map.of(), null).envName()).isEqualTo("dev");
  }

  @Test
  void contextValueOverridesOneKnob() {
    InfraConfig dev =
        InfraConfigReader.read(
            Map.of("env", "dev", "kafka.partitions", "6", "db.multiAz", "true"), null);

    assertThat(dev.kafka().partitions()).isEqualTo(6);
    assertThat(dev.database().multiAz()).isTrue();
  }

  @Test
  void cdkOwnContextKeysAreIgnored() {
    Map<String, Object> context = new HashMap<>();
    context.put("@aws-cdk/core:newStyleStackSynthesis", true);
    context.put("aws:cdk:enable-path-metadata", true);

    assertThat(InfraConfigReader.read(context, null).envName()).isEqualTo("dev");
  }

  @Test
  void misspelledKeyIsRejectedWithTheKnownKeys() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("kafka.partition", "6"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[kafka.partition]")
        .hasMessageContaining("kafka.partitions");
  }

  @Test
  void nonNumericValueNamesTheKeyAndTheExpectedType() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("kafka.partitions", "many"), null))
        .hasMessageContaining("'kafka.partitions'")
        .hasMessageContaining("'many'")
        .hasMessageContaining("whole number");
  }

  @Test
  void unknownEnvironmentSaysWhichExist() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("env", "staging"), null))
        .hasMessageContaining("'staging'")
        .hasMessageContaining("-c env=dev");
  }

  @Test
  void zoneAwarenessWithOneSearchNodeIsRejected() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("search.zoneAwareness", "true"), null))
        .hasMessageContaining("search.zoneAwareness=true needs an even search.dataNodes");
  }

  @Test
  void brokerCountNotAMultipleOfTheZonesIsRejected() {
    assertThatThrownBy(
            () ->
                InfraConfigReader.read(
                    Map.of("env", "prod", API, EXAMPLE_API, "kafka.brokerCount", "3"), null))
        .hasMessageContaining("kafka.brokerCount");
  }

  @Test
  void emrCapacityMustUseEmrNotation() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("spark.maxCpu", "4"), null))
        .hasMessageContaining("'spark.maxCpu'");
  }

  @Test
  void everyEnvironmentHasTheSameKnobs() {
    assertThat(InfraConfigReader.defaults("prod").keySet())
        .isEqualTo(InfraConfigReader.defaults("dev").keySet());
  }

  @Test
  void overridingAKnobThatReplacesTheClusterIsRefusedUnlessAllowed() {
    assertThatThrownBy(
            () ->
                InfraConfigReader.read(
                    Map.of("env", "prod", API, EXAMPLE_API, "kafka.mode", "SERVERLESS"), null))
        .hasMessageContaining("overriding [kafka.mode] for env 'prod'")
        .hasMessageContaining("-c allowReplacement=true");
    assertThat(
            InfraConfigReader.read(
                    Map.of(
                        "env",
                        "prod",
                        API,
                        EXAMPLE_API,
                        "kafka.mode",
                        "SERVERLESS",
                        "allowReplacement",
                        "true"),
                    null)
                .kafka()
                .mode())
        .isEqualTo(KafkaMode.SERVERLESS);
  }

  @Test
  void sqsEndpointCannotBeLeftOut() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("interfaceEndpoints", "sts,logs"), null))
        .hasMessageContaining("interfaceEndpoints must include sqs");
  }

  @Test
  void prodWithoutAnExternalApiIsRefusedNamingTheKnob() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("env", "prod"), null))
        .hasMessageContaining("api.externalUrl is required when simulator.deploy=false")
        .hasMessageContaining("-c api.externalUrl=https://");
  }

  @Test
  void theSimulatorIsNeverDeployedInProd() {
    assertThatThrownBy(
            () -> InfraConfigReader.read(Map.of("env", "prod", "simulator.deploy", "true"), null))
        .hasMessageContaining("simulator.deploy=true in env 'prod'");
  }

  @Test
  void devPollsEitherTheSimulatorOrAnExternalApiNotBoth() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of(API, EXAMPLE_API), null))
        .hasMessageContaining("both name the API the producer polls");
    assertThat(
            InfraConfigReader.read(Map.of(API, EXAMPLE_API, "simulator.deploy", "false"), null)
                .functions()
                .deploysSimulator())
        .isFalse();
  }

  @Test
  void anExternalApiMustBeAnHttpUrl() {
    assertThatThrownBy(
            () -> InfraConfigReader.read(Map.of("env", "prod", API, "api.example.com"), null))
        .hasMessageContaining("api.externalUrl 'api.example.com' must be an http(s) URL");
  }

  @Test
  void aPublicSimulatorUrlIsAnExplicitOptInThatOnlyThenIsAcknowledged() {
    InfraConfig dev = InfraConfigReader.read(Map.of(), null);
    InfraConfig open = InfraConfigReader.read(Map.of("simulator.urlAuth", "NONE"), null);
    var publicAccess =
        NagAcknowledgements.entries(SynthesizedStacks.of("dev").stack()).stream()
            .filter(e -> e.id().equals("NIST.800.53.R5-LambdaFunctionPublicAccessProhibited"))
            .findFirst()
            .orElseThrow();

    assertThat(dev.functions().simulatorUrlAuth()).isEqualTo(InfraConfig.UrlAuth.AWS_IAM);
    assertThat(publicAccess.when().test(dev)).isFalse();
    assertThat(publicAccess.when().test(open)).isTrue();
  }
}
