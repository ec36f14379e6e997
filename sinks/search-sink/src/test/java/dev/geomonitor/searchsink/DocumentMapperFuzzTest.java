package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.FieldRules;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the OpenSearch document renderer with arbitrary record values on every topic it indexes.
 * Properties: it never throws; a record is either a document whose {@code _id} fits OpenSearch's
 * 512-byte limit and whose body is strict JSON (no NaN/Infinity tokens that would make the whole
 * bulk unparseable), or a rejection with reasons.
 */
class DocumentMapperFuzzTest {
  private static final Topics TOPICS = Topics.DEFAULT;
  private static final DocumentMapper MAPPER =
      new DocumentMapper(new IndexLayout("f-"), TOPICS, true);

  @FuzzTest(maxDuration = "30s")
  void everyRecordIsAnIndexableDocumentOrARejection(FuzzedDataProvider data) throws Exception {
    String topic =
        data.pickValue(
            new String[] {TOPICS.readings(), TOPICS.aggregates(), TOPICS.alerts(), TOPICS.dlq()});
    byte[] value;
    if (data.consumeBoolean()) {
      value = data.consumeRemainingAsBytes();
    } else {
      // a valid reading with one fuzzed field, to get past the JSON parser
      ObjectNode node = Json.MAPPER.valueToTree(Samples.reading("BH-1", Samples.T0, 81.5));
      String field =
          data.pickValue(
              new String[] {
                "reading_id", "borehole_number", "instrument", "pipeline_version", "axis", "ts"
              });
      node.put(field, data.consumeRemainingAsString());
      value = Json.MAPPER.writeValueAsBytes(node);
    }
    DocumentMapper.Mapped mapped = MAPPER.map(new SinkRecord(topic, 0, 3, null, value));
    if (mapped instanceof DocumentMapper.Document d) {
      IndexDocument doc = d.document();
      assertThat(doc.id().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(FieldRules.MAX_ID_BYTES);
      assertThat(doc.id()).isNotBlank();
      String json = Json.MAPPER.writeValueAsString(doc.body());
      // strict JSON (Json.MAPPER refuses NaN/Infinity tokens) with every field; numbers may change
      // node type
      assertThat(Json.MAPPER.readTree(json).size()).isEqualTo(doc.body().size());
    } else {
      assertThat(((DocumentMapper.Rejected) mapped).reasons()).isNotEmpty();
    }
  }
}
