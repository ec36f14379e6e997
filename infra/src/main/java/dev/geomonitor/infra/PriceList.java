package dev.geomonitor.infra;

import java.util.Map;

/**
 * On-demand list prices in USD used by {@link CostEstimate}, one list per supported region ({@link
 * #forRegion}). The figures were recorded by hand from the AWS public pricing pages (this build has
 * no access to the pricing API); the {@code asOf} text of each list says when and how. Re-price
 * with the AWS Pricing Calculator before budgeting.
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
    double lambdaRequestMillion,
    double secretMonth,
    double kmsKeyMonth,
    double alarmMonth,
    double dashboardMonth,
    double logsIngestGb,
    Map<String, Double> ec2Hour,
    double ebsGp3GbMonth) {

  /** The price list of a region the estimate supports; any other region is refused by name. */
  public static PriceList forRegion(String region) {
    return switch (region) {
      case "us-east-1" -> US_EAST_1_2025;
      case "ap-southeast-2" -> AP_SOUTHEAST_2_2025;
      default ->
          throw new IllegalArgumentException(
              "no price list for region '"
                  + region
                  + "': CostEstimate knows us-east-1 and ap-southeast-2; add the"
                  + " region's prices to PriceList");
    };
  }

  public static final PriceList US_EAST_1_2025 =
      new PriceList(
          "us-east-1",
          "2025 (recorded by hand)",
          0.045,
          0.01,
          0.75,
          0.0015,
          Map.of(
              "kafka.t3.small",
              0.0456,
              "kafka.m5.large",
              0.21,
              "kafka.m7g.large",
              0.204,
              "kafka.m7g.xlarge",
              0.408),
          0.10,
          0.052624,
          0.0057785,
          0.042094,
          0.004628,
          Map.of(
              "t4g.micro",
              0.016,
              "t4g.small",
              0.032,
              "t4g.medium",
              0.065,
              "m6g.large",
              0.159,
              "r6g.large",
              0.225),
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
          0.20,
          0.40,
          1.00,
          0.10,
          3.00,
          0.50,
          Map.of("t4g.nano", 0.0042, "t4g.micro", 0.0084, "t3.nano", 0.0052),
          0.08);

  /**
   * Sydney (ap-southeast-2), the default deploy region: 2025 on-demand list rates entered by hand.
   * They could not be checked against the pricing API from this build (no AWS access); Sydney runs
   * roughly 15-30 % above us-east-1.
   */
  public static final PriceList AP_SOUTHEAST_2_2025 =
      new PriceList(
          "ap-southeast-2",
          "2025 list rates entered by hand, not re-checked against the pricing API",
          0.059,
          0.013,
          0.90,
          0.0018,
          Map.of(
              "kafka.t3.small",
              0.0556,
              "kafka.m5.large",
              0.252,
              "kafka.m7g.large",
              0.245,
              "kafka.m7g.xlarge",
              0.49),
          0.12,
          0.063149,
          0.006934,
          0.050513,
          0.005554,
          Map.of(
              "t4g.micro",
              0.02,
              "t4g.small",
              0.04,
              "t4g.medium",
              0.081,
              "m6g.large",
              0.198,
              "r6g.large",
              0.283),
          0.138,
          0.15,
          Map.of(
              "t3.small.search", 0.048,
              "t3.medium.search", 0.096,
              "m6g.large.search", 0.16,
              "r6g.large.search", 0.209,
              "r6g.xlarge.search", 0.418),
          0.146,
          0.0000166667,
          0.20,
          0.40,
          1.00,
          0.10,
          3.00,
          0.70,
          Map.of("t4g.nano", 0.0053, "t4g.micro", 0.0106, "t3.nano", 0.0066),
          0.096);

  static double hourly(Map<String, Double> table, String type, String what) {
    Double price = table.get(type);
    if (price == null) {
      throw new IllegalArgumentException(
          "no price for "
              + what
              + " '"
              + type
              + "'; add it to PriceList (known: "
              + table.keySet()
              + ")");
    }
    return price;
  }
}
