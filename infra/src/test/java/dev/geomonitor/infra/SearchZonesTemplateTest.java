package dev.geomonitor.infra;

import static dev.geomonitor.infra.TemplateQueries.properties;
import static dev.geomonitor.infra.TemplateQueries.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OpenSearch zones and index replicas by configuration, and the rules that keep them deployable.
 */
class SearchZonesTemplateTest {
  private static final String API = "api.externalUrl";

  @Test
  @SuppressWarnings("unchecked")
  void threeZonesSpreadTheDataNodesOverThreeDataSubnets() {
    var template = SynthesizedStacks.of(SynthesizedStacks.PROD_THREE_ZONES).template();
    var domain =
        properties(
            resources(template, "AWS::OpenSearchService::Domain").values().iterator().next());
    var cluster = (Map<String, Object>) domain.get("ClusterConfig");

    assertThat(cluster)
        .containsEntry("ZoneAwarenessEnabled", true)
        .containsEntry("InstanceCount", 3);
    assertThat(cluster.get("ZoneAwarenessConfig")).isEqualTo(Map.of("AvailabilityZoneCount", 3));
    assertThat((List<?>) ((Map<String, Object>) domain.get("VPCOptions")).get("SubnetIds"))
        .hasSize(3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void prodsTwoZonesTakeOneDataSubnetPerZone() {
    var template = SynthesizedStacks.of("prod").template();
    var domain =
        properties(
            resources(template, "AWS::OpenSearchService::Domain").values().iterator().next());

    assertThat((List<?>) ((Map<String, Object>) domain.get("VPCOptions")).get("SubnetIds"))
        .hasSize(2);
    assertThat(((Map<String, Object>) domain.get("ClusterConfig")).get("ZoneAwarenessConfig"))
        .isEqualTo(Map.of("AvailabilityZoneCount", 2));
  }

  @Test
  void threeZonesNeedThreeAvailabilityZones() {
    assertThatThrownBy(
            () ->
                InfraConfigReader.read(
                    Map.of(
                        "env",
                        "prod",
                        API,
                        SynthesizedStacks.EXAMPLE_API,
                        "search.zoneCount",
                        "3",
                        "search.dataNodes",
                        "3"),
                    null))
        .hasMessageContaining(
            "search.zoneCount=3 needs as many availabilityZones (the stack has 2)");
  }

  @Test
  void threeZonesNeedADataNodeCountDivisibleByThree() {
    assertThatThrownBy(
            () ->
                InfraConfigReader.read(
                    Map.of(
                        "env",
                        "prod",
                        API,
                        SynthesizedStacks.EXAMPLE_API,
                        "search.zoneCount",
                        "3",
                        "search.dataNodes",
                        "4"),
                    null))
        .hasMessageContaining(
            "search.zoneCount=3 needs search.dataNodes (4) to be a multiple of 3");
  }

  @Test
  void onlyTwoOrThreeZonesExist() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("search.zoneCount", "4"), null))
        .hasMessageContaining("search.zoneCount must be 2 or 3");
  }

  @Test
  void theSearchSetupResourceSetsTheConfiguredReplicaCount() {
    var dev = resources(SynthesizedStacks.of("dev").template(), "Custom::GeomonitorSearchSetup");
    var prod = resources(SynthesizedStacks.of("prod").template(), "Custom::GeomonitorSearchSetup");

    assertThat(properties(dev.values().iterator().next())).containsEntry("Replicas", "0");
    assertThat(properties(prod.values().iterator().next())).containsEntry("Replicas", "1");
  }

  @Test
  void theSearchSetupResourceCreatesTheIndexesWithTheConfiguredShards() {
    var dev = resources(SynthesizedStacks.of("dev").template(), "Custom::GeomonitorSearchSetup");
    var threeZones =
        resources(
            SynthesizedStacks.of(SynthesizedStacks.PROD_THREE_ZONES).template(),
            "Custom::GeomonitorSearchSetup");

    assertThat(properties(dev.values().iterator().next())).containsEntry("Shards", "1");
    assertThat(properties(threeZones.values().iterator().next())).containsEntry("Shards", "3");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSinkCreatesIndexesWithTheSameShardsAsTheSetupResource() {
    var function =
        TemplateQueries.functionWithHandler(
            SynthesizedStacks.of(SynthesizedStacks.PROD_THREE_ZONES).template(),
            HandlerClasses.SEARCH_SINK);
    var variables =
        (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");

    assertThat(variables).containsEntry("SINK_INDEX_SHARDS", "3");
  }

  @Test
  void aShardCountOutsideOpenSearchsLimitsIsRefused() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("search.shards", "0"), null))
        .hasMessageContaining("search.shards (0) must be between 1 and 1024");
  }

  @Test
  void moreReplicasThanOtherDataNodesAreRefused() {
    assertThatThrownBy(() -> InfraConfigReader.read(Map.of("search.replicas", "1"), null))
        .hasMessageContaining("search.replicas (1) must be between 0 and search.dataNodes - 1 (0)");
  }
}
