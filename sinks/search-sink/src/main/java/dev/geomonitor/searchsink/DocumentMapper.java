package dev.geomonitor.searchsink;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.FieldRules;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.Topics;
import dev.geomonitor.domain.WindowAggregate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a record of an output topic into the document to index, or into the reasons it cannot be
 * indexed. Values are read into the domain records (the one definition of each format) and written
 * back, so only known fields reach OpenSearch, plus {@code location}, the geo_point the maps need.
 */
public final class DocumentMapper {
  /** The action line of a bulk item is about this long; the byte bound of a bulk counts it. */
  private static final int ACTION_LINE_BYTES = 128;

  // Absent numbers must not silently become 0.0: a reading at (0, 0) would be a document on the
  // wrong continent.
  // Built once per type rather than once per record.
  private static final Map<Class<?>, ObjectReader> READERS =
      Map.of(
          EnrichedReading.class, strictReader(EnrichedReading.class),
          WindowAggregate.class, strictReader(WindowAggregate.class),
          StatusAlert.class, strictReader(StatusAlert.class),
          DeadLetter.class, strictReader(DeadLetter.class));

  /** Mapped or rejected: exactly one per input record. */
  public sealed interface Mapped permits Document, Rejected {}

  public record Document(IndexDocument document) implements Mapped {}

  public record Rejected(SinkRecord record, List<Rejection> reasons) implements Mapped {}

  private final IndexLayout layout;
  private final Map<String, DocumentKind> kindByTopic = new HashMap<>();

  public DocumentMapper(IndexLayout layout, Topics topics, boolean indexDeadLetters) {
    this.layout = layout;
    kindByTopic.put(topics.readings(), DocumentKind.READINGS);
    kindByTopic.put(topics.aggregates(), DocumentKind.AGGREGATES);
    kindByTopic.put(topics.alerts(), DocumentKind.ALERTS);
    if (indexDeadLetters) {
      kindByTopic.put(topics.dlq(), DocumentKind.DEAD_LETTERS);
    }
  }

  public DocumentKind kindOf(String topic) {
    DocumentKind kind = kindByTopic.get(topic);
    if (kind == null) {
      throw new IllegalArgumentException(
          "record from topic '"
              + topic
              + "', which the sink does not index; "
              + "the topics it indexes are "
              + kindByTopic.keySet()
              + " (set TOPIC_READINGS, TOPIC_AGGREGATES, "
              + "TOPIC_ALERTS, TOPIC_DLQ to match the event source)");
    }
    return kind;
  }

  public Mapped map(SinkRecord record) {
    DocumentKind kind = kindOf(record.topic());
    if (record.value() == null) {
      return rejected(
          record, RejectCode.NOT_AN_OBJECT, null, "the record has no value (a tombstone)");
    }
    try {
      return switch (kind) {
        case READINGS -> reading(record, read(record, EnrichedReading.class));
        case AGGREGATES -> aggregate(record, read(record, WindowAggregate.class));
        case ALERTS -> alert(record, read(record, StatusAlert.class));
        case DEAD_LETTERS -> deadLetter(record, read(record, DeadLetter.class));
        case ALARMS ->
            throw new IllegalStateException(
                "no topic maps to alarms: the alarm processor indexes them ("
                    + record.topic()
                    + ")");
      };
    } catch (InvalidFormatException e) {
      boolean timestamp = e.getTargetType() == Instant.class;
      return rejected(
          record,
          timestamp ? RejectCode.UNPARSEABLE_TIMESTAMP : RejectCode.WRONG_TYPE,
          path(e),
          e.getOriginalMessage());
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty()) {
        return rejected(
            record,
            RejectCode.NOT_AN_OBJECT,
            null,
            "expected a JSON object: " + e.getOriginalMessage());
      }
      boolean missing = e.getOriginalMessage() != null && e.getOriginalMessage().contains("null");
      return rejected(
          record,
          missing ? RejectCode.MISSING_FIELD : RejectCode.WRONG_TYPE,
          path(e),
          e.getOriginalMessage());
    } catch (JsonParseException e) {
      boolean utf8 =
          e.getOriginalMessage() != null && e.getOriginalMessage().contains("Invalid UTF-8");
      return rejected(
          record,
          utf8 ? RejectCode.INVALID_UTF8 : RejectCode.MALFORMED_JSON,
          null,
          e.getOriginalMessage());
    } catch (JsonMappingException e) {
      return rejected(record, RejectCode.WRONG_TYPE, path(e), e.getOriginalMessage());
    } catch (IOException e) {
      return rejected(record, RejectCode.MALFORMED_JSON, null, e.getMessage());
    }
  }

  private static <T> T read(SinkRecord record, Class<T> type) throws IOException {
    return READERS.get(type).readValue(record.value());
  }

  private static ObjectReader strictReader(Class<?> type) {
    return Json.MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  private Mapped reading(SinkRecord record, EnrichedReading r) {
    List<Rejection> problems = new ArrayList<>();
    requireText(problems, "reading_id", r.readingId());
    requireText(problems, "instrument", r.instrument());
    requireText(problems, "borehole_number", r.boreholeNumber());
    requirePresent(problems, "ts", r.ts());
    requirePresent(problems, "trigger_status", r.triggerStatus());
    return finish(
        record,
        DocumentKind.READINGS,
        r.readingId(),
        r.pipelineVersion(),
        r,
        r.lat(),
        r.lon(),
        problems,
        null);
  }

  private Mapped aggregate(SinkRecord record, WindowAggregate a) {
    List<Rejection> problems = new ArrayList<>();
    requireText(problems, "aggregate_id", a.aggregateId());
    requireText(problems, "instrument", a.instrument());
    requireText(problems, "borehole_number", a.boreholeNumber());
    requirePresent(problems, "window_start", a.windowStart());
    requirePresent(problems, "window_end", a.windowEnd());
    return finish(
        record,
        DocumentKind.AGGREGATES,
        a.aggregateId(),
        a.pipelineVersion(),
        a,
        a.lat(),
        a.lon(),
        problems,
        a.revision());
  }

  private Mapped alert(SinkRecord record, StatusAlert a) {
    List<Rejection> problems = new ArrayList<>();
    requireText(problems, "alert_id", a.alertId());
    requireText(problems, "instrument", a.instrument());
    requireText(problems, "borehole_number", a.boreholeNumber());
    requirePresent(problems, "ts", a.ts());
    requirePresent(problems, "status", a.status());
    return finish(
        record,
        DocumentKind.ALERTS,
        a.alertId(),
        a.pipelineVersion(),
        a,
        a.lat(),
        a.lon(),
        problems,
        null);
  }

  private Mapped deadLetter(SinkRecord record, DeadLetter d) {
    List<Rejection> problems = new ArrayList<>();
    requireText(problems, "stage", d.stage());
    requirePresent(problems, "rejected_at", d.rejectedAt());
    if (!problems.isEmpty()) {
      return new Rejected(record, problems);
    }
    ObjectNode body = Json.MAPPER.valueToTree(d);
    body.put("dlq_topic", record.topic());
    body.put("dlq_partition", record.partition());
    body.put("dlq_offset", record.offset());
    String id = deadLetterId(d, record);
    return new Document(
        new IndexDocument(
            record,
            DocumentKind.DEAD_LETTERS,
            layout.deadLetterIndex(),
            id,
            body,
            record.value().length + ACTION_LINE_BYTES));
  }

  /**
   * A dead letter of a Kafka record is keyed by that record's place (stage, source topic,
   * partition, offset): a replay that rejects the same record again overwrites its document instead
   * of adding a second copy. A producer dead letter (an HTTP body, no source record) is keyed by
   * its own place in the DLQ topic.
   */
  static String deadLetterId(DeadLetter d, SinkRecord record) {
    if (d.sourceTopic() != null && d.sourcePartition() != null && d.sourceOffset() != null) {
      String id =
          d.stage() + ":" + d.sourceTopic() + ":" + d.sourcePartition() + ":" + d.sourceOffset();
      if (id.getBytes(StandardCharsets.UTF_8).length <= FieldRules.MAX_ID_BYTES) {
        return id;
      }
    }
    return record.topic() + ":" + record.partition() + ":" + record.offset();
  }

  private Mapped finish(
      SinkRecord record,
      DocumentKind kind,
      String id,
      String pipelineVersion,
      Object value,
      Double lat,
      Double lon,
      List<Rejection> problems,
      Long externalVersion) {
    if (id != null && id.getBytes(StandardCharsets.UTF_8).length > FieldRules.MAX_ID_BYTES) {
      // the validator makes this impossible; kept so one such record could never make OpenSearch
      // refuse a whole bulk
      problems.add(
          Rejection.of(
              RejectCode.INDEX_REJECTED,
              null,
              "document id of "
                  + id.getBytes(StandardCharsets.UTF_8).length
                  + " bytes is over OpenSearch's "
                  + FieldRules.MAX_ID_BYTES
                  + "-byte _id limit"));
    }
    PipelineVersion version = null;
    if (pipelineVersion == null || pipelineVersion.isBlank()) {
      problems.add(
          Rejection.of(
              RejectCode.MISSING_FIELD, "pipeline_version", "pipeline_version is required"));
    } else {
      try {
        version = PipelineVersion.parse(pipelineVersion);
      } catch (IllegalArgumentException e) {
        problems.add(Rejection.of(RejectCode.WRONG_TYPE, "pipeline_version", e.getMessage()));
      }
    }
    ObjectNode body = Json.MAPPER.valueToTree(value);
    nonFinite(body, problems);
    if (!problems.isEmpty()) {
      return new Rejected(record, problems);
    }
    if (lat != null && lon != null) {
      body.putObject("location").put("lat", lat).put("lon", lon);
    }
    return new Document(
        new IndexDocument(
            record,
            kind,
            layout.index(kind, version),
            id,
            body,
            record.value().length + ACTION_LINE_BYTES,
            externalVersion));
  }

  /**
   * Jackson would write Infinity as a bare token, which makes the whole bulk request unparseable.
   */
  private static void nonFinite(ObjectNode body, List<Rejection> problems) {
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode node = field.getValue();
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        problems.add(
            Rejection.of(
                RejectCode.NON_FINITE_VALUE,
                field.getKey(),
                field.getKey()
                    + " is "
                    + node.doubleValue()
                    + ", which does not fit a finite double"));
      }
    }
  }

  private static void requireText(List<Rejection> problems, String field, String value) {
    if (value == null) {
      problems.add(Rejection.of(RejectCode.MISSING_FIELD, field, field + " is required"));
    } else if (value.isBlank()) {
      problems.add(Rejection.of(RejectCode.BLANK_FIELD, field, field + " must not be blank"));
    }
  }

  private static void requirePresent(List<Rejection> problems, String field, Object value) {
    if (value == null) {
      problems.add(Rejection.of(RejectCode.MISSING_FIELD, field, field + " is required"));
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
  }

  private static Rejected rejected(
      SinkRecord record, RejectCode code, String field, String message) {
    return new Rejected(record, List.of(Rejection.of(code, field, message)));
  }
}
