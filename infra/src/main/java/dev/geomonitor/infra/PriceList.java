package dev.geomonitor.infra;

import java.util.Map;

/**
 * On-demand list prices in USD used by {@link CostEstimate}. Region us-east-1, as published on the AWS pricing pages
 * in 2025 and recorded here by hand (this build has no access to the pricing API). Sydney (ap-southeast-2), the
 * default deploy region, is dearer: treat the estimate as a floor and re-price before budgeting.
 */
public record PriceList(
    String region,
    String asOf,
    double natGatewayHour,
    double interfaceEndpointAzHour,
    double mskServerlessClusterHour,
    double mskServerlessPartitionHour,
    Map<String, Double> mskBrokerHour,
    double mskStorageGbMonth,
    double emrVcpuHourX86,
    double emrGbHourX86,
    double emrVcpuHourArm,
    double emrGbHourArm,
    Map<String, Double> rdsPostgresHour,
    double rdsGp3GbMonth,
    double auroraAcuHour,
    Map<String, Double> openSearchHour,
    double openSearchGp3GbMonth,
    double lambdaGbSecondX86,
    double secretMonth,
    double kmsKeyMonth,
    double alarmMonth,
    double dashboardMonth) {

  public static final PriceList US_EAST_1_2025 =
      new PriceList(
          "us-east-1",
          "2025 (recorded by hand)",
          0.045,
          0.01,
          0.75,
          0.0015,
          Map.of("kafka.t3.small", 0.0456, "kafka.m5.large", 0.21, "kafka.m7g.large", 0.204, "kafka.m7g.xlarge", 0.408),
          0.10,
          0.052624,
          0.0057785,
          0.042094,
          0.004628,
          Map.of("t4g.micro", 0.016, "t4g.small", 0.032, "t4g.medium", 0.065, "m6g.large", 0.159, "r6g.large", 0.225),
          0.115,
          0.12,
          Map.of(
              "t3.small.search", 0.036,
              "t3.medium.search", 0.073,
              "m6g.large.search", 0.128,
              "r6g.large.search", 0.167,
              "r6g.xlarge.search", 0.335),
          0.122,
          0.0000166667,
          0.40,
          1.00,
          0.10,
          3.00);

  static double hourly(Map<String, Double> table, String type, String what) {
    Double price = table.get(type);
    if (price == null) {
      throw new IllegalArgumentException(
          "no price for " + what + " '" + type + "'; add it to PriceList (known: " + table.keySet() + ")");
    }
    return price;
  }
}
