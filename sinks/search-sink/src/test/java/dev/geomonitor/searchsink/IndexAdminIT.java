package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Templates, versioned indexes and the alias switch of Kappa reprocessing, on a real node. */
@ExtendWith(Services.Resolver.class)
class IndexAdminIT {
  private static final PipelineVersion V1 = PipelineVersion.parse("v1");
  private static final PipelineVersion V2 = PipelineVersion.parse("v2");

  private static void put(SinkFixture f, String index, String id, String borehole) {
    ObjectNode doc =
        Json.MAPPER.createObjectNode().put("reading_id", id).put("borehole_number", borehole);
    f.rest.expectOk("PUT", "/" + index + "/_doc/" + id + "?refresh=true", doc);
  }

  @Test
  void ensureIsIdempotentAndAppliesTheTemplateMappings(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      IndexAdmin admin = new IndexAdmin(f.rest, f.config.indexLayout());
      admin.ensure(V1);
      admin.ensure(V1);
      for (DocumentKind kind : DocumentKind.values()) {
        assertThat(admin.aliasTargets(kind)).hasSize(1);
      }
      var mapping = f.rest.expectOk("GET", "/" + f.prefix + "-readings-v1/_mapping", null);
      assertThat(mapping.findPath("location").path("type").asText()).isEqualTo("geo_point");
      assertThat(mapping.findPath("ts").path("type").asText()).isEqualTo("date");
      assertThat(mapping.findPath("trigger_status").path("type").asText()).isEqualTo("keyword");
    }
  }

  @Test
  void theIndexesOfANewVersionHaveTheConfiguredPrimaryShards(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given v1 created with one shard, then the knob raised to 2 for the next version
      new IndexAdmin(f.rest, f.config.indexLayout()).ensure(V1);
      IndexLayout two = new IndexLayout(f.config.indexLayout().prefix(), 2);

      // When reprocessing creates v2's indexes
      new IndexAdmin(f.rest, two).createIndexes(V2);

      // Then v2 has two primary shards, and v1 keeps the one it was created with
      assertThat(shards(f, f.prefix + "-readings-v2")).isEqualTo(2);
      assertThat(shards(f, f.prefix + "-aggregates-v2")).isEqualTo(2);
      assertThat(shards(f, f.prefix + "-readings-v1")).isEqualTo(1);
    }
  }

  private static int shards(SinkFixture f, String index) {
    return f.rest
        .expectOk("GET", "/" + index + "/_settings", null)
        .path(index)
        .path("settings")
        .path("index")
        .path("number_of_shards")
        .asInt();
  }

  @Test
  void switchAliasesMovesAllThreeAliasesToTheNewVersionAtOnce(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      // Given v1 behind the aliases with one document, and v2 filled beside it
      IndexAdmin admin = new IndexAdmin(f.rest, f.config.indexLayout());
      admin.ensure(V1);
      put(f, f.prefix + "-readings-v1", "old", "BH-1");
      admin.createIndexes(V2);
      put(f, f.prefix + "-readings-v2", "new-1", "BH-1");
      put(f, f.prefix + "-readings-v2", "new-2", "BH-2");
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(1);
      // When the aliases switch from v1 to v2
      admin.switchAliases(V1, V2);
      // Then readers see v2 only, for every kind
      for (DocumentKind kind : IndexLayout.versionedKinds()) {
        assertThat(admin.aliasTargets(kind))
            .containsExactly(f.config.indexLayout().index(kind, V2));
      }
      assertThat(f.count(DocumentKind.READINGS)).isEqualTo(2);
      // And switching again from v1 fails without changing anything
      assertThatThrownBy(() -> admin.switchAliases(V1, V2.next()))
          .hasMessageContaining("nothing changed");
      assertThat(admin.aliasTargets(DocumentKind.ALERTS)).containsExactly(f.prefix + "-alerts-v2");
    }
  }

  @Test
  void aVersionIsDroppedOnlyOnceNoAliasPointsAtIt(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1)) {
      IndexAdmin admin = new IndexAdmin(f.rest, f.config.indexLayout());
      admin.ensure(V1);
      assertThatThrownBy(() -> admin.dropVersion(V1)).hasMessageContaining("still points at");
      admin.switchAliases(V1, V2);
      admin.dropVersion(V1);
      assertThat(f.rest.call("HEAD", "/" + f.prefix + "-readings-v1", null).status())
          .isEqualTo(404);
      assertThat(f.rest.call("HEAD", "/" + f.prefix + "-readings-v2", null).status())
          .isEqualTo(200);
    }
  }
}
