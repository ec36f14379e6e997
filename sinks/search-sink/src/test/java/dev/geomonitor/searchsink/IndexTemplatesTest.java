package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mappings are strict, so every field a document can carry must be in its template. */
class IndexTemplatesTest {
  private final DocumentMapper mapper =
      new DocumentMapper(new IndexLayout(""), Topics.DEFAULT, true);

  private Set<String> documentFields(String topic, byte[] value) {
    var mapped = (DocumentMapper.Document) mapper.map(new SinkRecord(topic, 0, 0, null, value));
    Set<String> fields = new HashSet<>();
    collect("", mapped.document().body(), fields);
    return fields;
  }

  private static void collect(String prefix, JsonNode node, Set<String> into) {
    node.fields()
        .forEachRemaining(
            e -> {
              into.add(prefix + e.getKey());
              JsonNode value =
                  e.getValue().isArray() && e.getValue().size() > 0
                      ? e.getValue().get(0)
                      : e.getValue();
              if (value.isObject() && !e.getKey().equals("location")) {
                collect(prefix + e.getKey() + ".", value, into);
              }
            });
  }

  @Test
  void everyFieldOfEveryDocumentKindIsMapped() {
    // Given documents of each kind with every optional field set
    var reading = Samples.reading("BH-1", Samples.T0, 81.0);
    var withAll =
        new dev.geomonitor.domain.EnrichedReading(
            reading.readingId(),
            "v1",
            reading.instrument(),
            reading.boreholeNumber(),
            "z",
            reading.ts(),
            1,
            "mm",
            "displacement",
            85.0,
            1,
            2,
            -37.8,
            144.9,
            1.0,
            0.0,
            1.0,
            0.5,
            reading.triggerStatus(),
            "v2",
            reading.fetchedAt());
    DeadLetter letter =
        new DeadLetter(
            "search-sink",
            List.of(Rejection.of(RejectCode.INDEX_REJECTED, "f", "m")),
            "t",
            1,
            2L,
            "http://x",
            "k",
            "v",
            "dg==",
            true,
            Samples.T0);
    // Then their fields are all in the templates (and location is a geo_point)
    assertThat(IndexTemplates.fieldPaths(DocumentKind.READINGS))
        .containsAll(documentFields(Topics.DEFAULT.readings(), Samples.json(withAll)));
    assertThat(IndexTemplates.fieldPaths(DocumentKind.AGGREGATES))
        .containsAll(
            documentFields(
                Topics.DEFAULT.aggregates(), Samples.json(Samples.aggregate("BH-1", Samples.T0))));
    assertThat(IndexTemplates.fieldPaths(DocumentKind.ALERTS))
        .containsAll(
            documentFields(
                Topics.DEFAULT.alerts(), Samples.json(Samples.alert("BH-1", Samples.T0))));
    assertThat(IndexTemplates.fieldPaths(DocumentKind.DEAD_LETTERS))
        .containsAll(documentFields(Topics.DEFAULT.dlq(), letter.toJsonBytes()));
    for (DocumentKind kind :
        List.of(DocumentKind.READINGS, DocumentKind.AGGREGATES, DocumentKind.ALERTS)) {
      assertThat(IndexTemplates.fieldTypes(kind)).containsEntry("location", "geo_point");
      assertThat(IndexTemplates.fieldTypes(kind)).containsEntry(kind.idField(), "keyword");
      assertThat(IndexTemplates.fieldTypes(kind)).containsEntry(kind.timeField(), "date");
    }
  }

  @Test
  void composableTemplateTargetsEveryVersionOfItsPrefixedAlias() {
    JsonNode body =
        IndexTemplates.composableTemplate(DocumentKind.READINGS, new IndexLayout("t9-"));
    assertThat(body.path("index_patterns").get(0).asText()).isEqualTo("t9-readings-v*");
    assertThat(body.path("template").path("mappings").path("dynamic").asText()).isEqualTo("strict");
    assertThat(Json.MAPPER.valueToTree(body).toString().getBytes(StandardCharsets.UTF_8))
        .isNotEmpty();
  }

  @Test
  void everyTemplateTakesItsPrimaryShardsFromTheLayout() {
    for (DocumentKind kind : DocumentKind.values()) {
      assertThat(
              IndexTemplates.composableTemplate(kind, new IndexLayout("", 3))
                  .path("template")
                  .path("settings")
                  .path("index")
                  .path("number_of_shards")
                  .asInt())
          .as(kind.baseName())
          .isEqualTo(3);
    }
    assertThat(new IndexLayout("t-").shards()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IndexLayout("", 0))
        .hasMessageContaining("SINK_INDEX_SHARDS");
  }
}
