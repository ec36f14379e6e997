package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimateTest {
  private static final String API = "api.externalUrl";
  private static final String EXAMPLE_API = SynthesizedStacks.EXAMPLE_API;
  private static final PriceList PRICES = PriceList.US_EAST_1_2025;

  @Test
  void serverlessKafkaIsClusterHoursPlusPartitionHours() {
    // Given dev on MSK Serverless: raw 3 + 3 outputs x 3 + DLQ 1 = 13 partitions
    InfraConfig dev =
        InfraConfigReader.read(
            Map.of(
                "env",
                "dev",
                "kafka.mode",
                "SERVERLESS",
                "kafka.replicationFactor",
                "3",
                "allowReplacement",
                "true"),
            null);

    // Then (0.75 + 13 x 0.0015) x 730
    assertThat(CostEstimate.kafka(dev, PRICES)).isCloseTo((0.75 + 13 * 0.0015) * 730, within(1e-9));
  }

  @Test
  void provisionedKafkaIsBrokerHoursPlusStorage() {
    InfraConfig prod = InfraConfigReader.read(Map.of("env", "prod", API, EXAMPLE_API), null);

    // 4 brokers x (0.204 $/h x 730 h + 500 GB x 0.10 $/GB-month)
    assertThat(CostEstimate.kafka(prod, PRICES))
        .isCloseTo(4 * (0.204 * 730 + 500 * 0.10), within(1e-9));
  }

  @Test
  void sparkIsInitialCapacityAroundTheClockAtArmRates() {
    InfraConfig dev = InfraConfigReader.read(Map.of("env", "dev"), null);

    // driver 1 vCPU / 4 GB + 1 executor 1 vCPU / 4 GB, ARM64
    double expected = (2 * 0.042094 + 8 * 0.004628) * 730;
    assertThat(CostEstimate.spark(dev, PRICES)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void multiAzDoublesTheDatabaseInstance() {
    InfraConfig single = InfraConfigReader.read(Map.of("env", "dev"), null);
    InfraConfig multi = InfraConfigReader.read(Map.of("env", "dev", "db.multiAz", "true"), null);

    assertThat(CostEstimate.database(single, PRICES))
        .isCloseTo(0.016 * 730 + 20 * 0.115, within(1e-9));
    assertThat(CostEstimate.database(multi, PRICES))
        .isCloseTo(2 * CostEstimate.database(single, PRICES), within(1e-9));
  }

  @Test
  void auroraIsMinimumAcusPerInstance() {
    InfraConfig prod = InfraConfigReader.read(Map.of("env", "prod", API, EXAMPLE_API), null);

    // writer + reader, 1 ACU each at 0.12 $/ACU-hour
    assertThat(CostEstimate.database(prod, PRICES)).isCloseTo(2 * 1 * 0.12 * 730, within(1e-9));
  }

  @Test
  void searchCountsDataNodesTheirVolumesAndDedicatedMasters() {
    InfraConfig prod = InfraConfigReader.read(Map.of("env", "prod", API, EXAMPLE_API), null);

    double expected = 2 * (0.167 * 730 + 200 * 0.122) + 3 * 0.128 * 730;
    assertThat(CostEstimate.search(prod, PRICES)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void totalIsTheSumOfTheLineItems() {
    InfraConfig dev = InfraConfigReader.read(Map.of("env", "dev"), null);
    var items = CostEstimate.monthly(dev, PRICES);

    assertThat(CostEstimate.total(items))
        .isCloseTo(items.values().stream().mapToDouble(Double::doubleValue).sum(), within(1e-9))
        .isGreaterThan(CostEstimate.kafka(dev, PRICES));
  }

  @Test
  void prodCostsMoreThanDev() {
    double dev =
        CostEstimate.total(
            CostEstimate.monthly(InfraConfigReader.read(Map.of("env", "dev"), null), PRICES));
    double prod =
        CostEstimate.total(
            CostEstimate.monthly(
                InfraConfigReader.read(Map.of("env", "prod", API, EXAMPLE_API), null), PRICES));

    assertThat(prod).isGreaterThan(dev);
  }

  @Test
  void devProvisionedKafkaIsTwoSmallBrokersWithoutAutoscaledStorage() {
    InfraConfig dev = InfraConfigReader.read(Map.of("env", "dev"), null);

    assertThat(CostEstimate.kafka(dev, PRICES))
        .isCloseTo(2 * (0.0456 * 730 + 10 * 0.10), within(1e-9));
  }

  @Test
  void producerIsBilledForTheWholeMultiPollInvocation() {
    // dev: 4 polls spread over 60 s -> 3 x 15 s + 1 s = 46 s per invocation, 43 800 invocations,
    // 0.5 GB
    InfraConfig dev = InfraConfigReader.read(Map.of("env", "dev"), null);

    double expected = 43_800 * 0.5 * 46 * 0.0000166667 + 43_800 / 1e6 * 0.20;
    assertThat(CostEstimate.producer(dev, PRICES)).isCloseTo(expected, within(1e-6));
  }

  @Test
  void estimateUsesThePricesOfTheConfiguredRegion() {
    InfraConfig dev = InfraConfigReader.read(Map.of("env", "dev"), null);

    assertThat(dev.region()).isEqualTo("ap-southeast-2");
    assertThat(CostEstimate.monthly(dev))
        .isEqualTo(CostEstimate.monthly(dev, PriceList.AP_SOUTHEAST_2_2025));
    assertThat(CostEstimate.total(CostEstimate.monthly(dev)))
        .isGreaterThan(CostEstimate.total(CostEstimate.monthly(dev, PRICES)));
  }

  @Test
  void regionWithoutAPriceListIsRefusedByName() {
    assertThatThrownBy(() -> PriceList.forRegion("eu-west-9")).hasMessageContaining("'eu-west-9'");
  }

  @Test
  void devCostsAFewHundredDollarsAMonthInItsRegion() {
    double dev =
        CostEstimate.total(
            CostEstimate.monthly(InfraConfigReader.read(Map.of("env", "dev"), null)));

    assertThat(dev).isBetween(100.0, 500.0);
  }

  @Test
  void instanceTypeWithoutAPriceIsReportedByName() {
    InfraConfig odd =
        InfraConfigReader.read(Map.of("env", "dev", "db.instanceClass", "x9.huge"), null);

    assertThatThrownBy(() -> CostEstimate.database(odd, PRICES)).hasMessageContaining("'x9.huge'");
  }

  @Test
  void theAlarmNotifierIsOneOneSecondPassAMinute() {
    InfraConfig dev = InfraConfigReader.read(Map.of("env", "dev"), null);

    // 43,800 passes x 0.5 GB x 1 s at the GB-second price, plus the requests
    double invocations = 730 * 60.0;
    assertThat(CostEstimate.alarmNotifier(dev, PRICES))
        .isCloseTo(
            invocations * 0.5 * 1.0 * PRICES.lambdaGbSecondX86()
                + invocations / 1e6 * PRICES.lambdaRequestMillion(),
            within(1e-9));
  }
}
