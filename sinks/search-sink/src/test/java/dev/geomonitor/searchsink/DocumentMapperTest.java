package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentMapperTest {
  private static final Topics TOPICS = Topics.DEFAULT;
  private final DocumentMapper mapper = new DocumentMapper(new IndexLayout("t1-"), TOPICS, true);

  private static SinkRecord record(String topic, byte[] value) {
    return new SinkRecord(topic, 0, 7, "water_standpipe:BH-1", value);
  }

  private IndexDocument mapped(String topic, byte[] value) {
    DocumentMapper.Mapped m = mapper.map(record(topic, value));
    assertThat(m).isInstanceOf(DocumentMapper.Document.class);
    return ((DocumentMapper.Document) m).document();
  }

  private List<Rejection> rejected(String topic, byte[] value) {
    DocumentMapper.Mapped m = mapper.map(record(topic, value));
    assertThat(m).isInstanceOf(DocumentMapper.Rejected.class);
    return ((DocumentMapper.Rejected) m).reasons();
  }

  private static byte[] readingWith(String field, String rawJsonValue) throws Exception {
    ObjectNode node = Json.MAPPER.valueToTree(Samples.reading("BH-1", Samples.T0, 81.5));
    if (rawJsonValue == null) {
      node.remove(field);
    } else {
      node.set(field, Json.MAPPER.readTree(rawJsonValue));
    }
    return Json.MAPPER.writeValueAsBytes(node);
  }

  @Test
  void readingBecomesADocumentOfItsVersionedIndexWithNaturalKeyIdAndLocation() {
    // Given a reading of pipeline v1
    var reading =
        Samples.reading(
            "BH-1", Samples.T0, 81.5, -37.8, 144.9, dev.geomonitor.domain.TriggerStatus.ALERT);
    // When it is mapped
    IndexDocument doc = mapped(TOPICS.readings(), Samples.json(reading));
    // Then it goes to t1-readings-v1 under its reading_id, with a geo point from lat/lon
    assertThat(doc.index()).isEqualTo("t1-readings-v1");
    assertThat(doc.id()).isEqualTo(reading.readingId());
    assertThat(doc.body().path("location").path("lat").asDouble()).isEqualTo(-37.8);
    assertThat(doc.body().path("location").path("lon").asDouble()).isEqualTo(144.9);
    assertThat(doc.body().path("trigger_status").asText()).isEqualTo("ALERT");
    assertThat(doc.body().path("ts").asText()).isEqualTo("2026-03-02T10:00:00Z");
  }

  @Test
  void recordOfAnotherPipelineVersionGoesToThatVersionsIndex() throws Exception {
    IndexDocument doc = mapped(TOPICS.readings(), readingWith("pipeline_version", "\"v2\""));
    assertThat(doc.index()).isEqualTo("t1-readings-v2");
  }

  @Test
  void aggregatesAndAlertsUseTheirOwnIdsAndIndexes() {
    var aggregate = Samples.aggregate("BH-1", Samples.T0);
    var alert = Samples.alert("BH-1", Samples.T0);
    IndexDocument a = mapped(TOPICS.aggregates(), Samples.json(aggregate));
    IndexDocument s = mapped(TOPICS.alerts(), Samples.json(alert));
    assertThat(a.index()).isEqualTo("t1-aggregates-v1");
    assertThat(a.id()).isEqualTo(aggregate.aggregateId());
    assertThat(s.index()).isEqualTo("t1-alerts-v1");
    assertThat(s.id()).isEqualTo(alert.alertId());
    assertThat(s.body().has("location")).isTrue();
  }

  @Test
  void deadLetterIsIndexedUnderThePlaceOfTheRecordItRejects() {
    DeadLetter letter =
        DeadLetter.fromKafka(
            DeadLetter.STAGE_SPARK,
            List.of(Rejection.of(RejectCode.MISSING_FIELD, "water_level", "required")),
            "monitoring.raw",
            2,
            40L,
            "k",
            "{}".getBytes(StandardCharsets.UTF_8),
            Samples.T0);
    IndexDocument doc = mapped(TOPICS.dlq(), letter.toJsonBytes());
    assertThat(doc.index()).isEqualTo("t1-deadletters-v1");
    // keyed by the rejected record, so a replay that rejects it again overwrites instead of adding
    // a copy
    assertThat(doc.id()).isEqualTo("spark-job:monitoring.raw:2:40");
    assertThat(doc.body().path("reasons").get(0).path("code").asText()).isEqualTo("MISSING_FIELD");
    assertThat(doc.body().path("dlq_offset").asLong()).isEqualTo(7);
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(
      nullValues = "null",
      delimiter = '|',
      value = {
        "value|null|MISSING_FIELD",
        "value|\"eighty\"|WRONG_TYPE",
        "value|1e400|NON_FINITE_VALUE",
        "ts|\"yesterday\"|UNPARSEABLE_TIMESTAMP",
        "ts|null|MISSING_FIELD",
        "reading_id|null|MISSING_FIELD",
        "reading_id|\"  \"|BLANK_FIELD",
        "pipeline_version|\"version-one\"|WRONG_TYPE",
        "pipeline_version|null|MISSING_FIELD",
        "trigger_status|\"PURPLE\"|WRONG_TYPE",
        "lat|null|MISSING_FIELD"
      })
  void readingWithABadFieldIsRejectedNamingTheField(String field, String json, RejectCode code)
      throws Exception {
    // Given a reading whose field is absent or wrong; When mapped; Then it is rejected with the
    // code and that field
    List<Rejection> reasons = rejected(TOPICS.readings(), readingWith(field, json));
    assertThat(reasons).extracting(Rejection::code).contains(code);
    assertThat(reasons).extracting(Rejection::field).contains(field);
  }

  @Test
  void unparseableValuesAreRejectedWithAMachineReadableReason() {
    assertThat(rejected(TOPICS.readings(), "{\"reading_id\": ".getBytes(StandardCharsets.UTF_8)))
        .extracting(Rejection::code)
        .containsExactly(RejectCode.MALFORMED_JSON);
    assertThat(rejected(TOPICS.alerts(), "[1,2]".getBytes(StandardCharsets.UTF_8)))
        .extracting(Rejection::code)
        .containsExactly(RejectCode.NOT_AN_OBJECT);
    assertThat(rejected(TOPICS.aggregates(), null))
        .extracting(Rejection::code)
        .containsExactly(RejectCode.NOT_AN_OBJECT);
    byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(rejected(TOPICS.readings(), invalidUtf8))
        .extracting(Rejection::code)
        .containsExactly(RejectCode.INVALID_UTF8);
  }

  @Test
  void recordFromATopicTheSinkDoesNotIndexIsAConfigurationError() {
    assertThatThrownBy(
            () -> mapper.map(record("monitoring.raw", "{}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("monitoring.raw")
        .hasMessageContaining("TOPIC_READINGS");
  }

  @Test
  void aDocumentIdOverOpenSearchsLimitIsRejectedAloneInsteadOfFailingTheBulk() throws Exception {
    List<Rejection> reasons =
        rejected(TOPICS.readings(), readingWith("reading_id", "\"" + "x".repeat(600) + "\""));

    assertThat(reasons).extracting(Rejection::code).containsExactly(RejectCode.INDEX_REJECTED);
  }
}
