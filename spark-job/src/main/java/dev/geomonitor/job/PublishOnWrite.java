package dev.geomonitor.job;

import dev.geomonitor.batchstore.CopyLine;
import dev.geomonitor.batchstore.PartitionWrite;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a partition's records to their topics once PostgreSQL has taken their rows, so the two
 * sinks agree: a row PostgreSQL refuses for its content (a value a constraint forbids, bytes it
 * cannot store) is not published to its output topic but dead-lettered ({@link
 * RejectCode#STORE_REJECTED}, with PostgreSQL's message) to the DLQ topic and, for a reading, to
 * the {@code rejections} table, keyed by the raw record it came from; it then counts as rejected,
 * not accepted. The stream goes on. Records wait here at most one chunk per table ({@code
 * PartitionWrite.CHUNK_LINES}).
 */
final class PublishOnWrite implements PartitionWrite.RowOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(PublishOnWrite.class);

  private final OutputSinks sinks;
  private final Producer<byte[], byte[]> producer;
  private final List<Future<RecordMetadata>> sent;
  private final PartitionResult result;

  /**
   * Records whose rows are buffered or being written, by their row (the same instance the write
   * reports).
   */
  private final Map<CopyLine, OutputRecord> waiting = new IdentityHashMap<>();

  PublishOnWrite(
      OutputSinks sinks,
      Producer<byte[], byte[]> producer,
      List<Future<RecordMetadata>> sent,
      PartitionResult result) {
    this.sinks = sinks;
    this.producer = producer;
    this.sent = sent;
    this.result = result;
  }

  /** Holds {@code record} until its row {@code line} is written (or refused). */
  void await(CopyLine line, OutputRecord record) {
    waiting.put(line, record);
  }

  @Override
  public void written(List<CopyLine> lines) {
    for (CopyLine line : lines) {
      OutputRecord r = waiting.remove(line);
      if (r != null) { // null: a rejection row this class made itself, already published
        publish(sinks.topicOf(r.kindOf()), r.getKey(), r.getJson());
      }
    }
  }

  @Override
  public CopyLine refused(String table, CopyLine line, String sqlState, String message) {
    OutputRecord r = waiting.remove(line);
    if (r == null) {
      LOG.error(
          "PostgreSQL refused the rejection row recording a refused record ({} [SQLSTATE {}]); its dead letter"
              + " is on the DLQ topic",
          message,
          sqlState);
      return null;
    }
    OutputRecord.Kind kind = r.kindOf();
    if (kind == OutputRecord.Kind.REJECT) {
      // Already a dead letter: it still goes to the DLQ topic; only its row is missing from the
      // rejections table.
      publish(sinks.topicOf(kind), r.getKey(), r.getJson());
      LOG.error(
          "PostgreSQL refused the rejections row of a dead letter ({} [SQLSTATE {}]); the dead letter is on the"
              + " DLQ topic only: {}",
          message,
          sqlState,
          r.getJson());
      return null;
    }
    Rejection reason =
        Rejection.of(
            RejectCode.STORE_REJECTED,
            table,
            "PostgreSQL refused this "
                + kind.name().toLowerCase(Locale.ROOT)
                + " row of table "
                + table
                + ": "
                + message
                + " [SQLSTATE "
                + sqlState
                + "]; it was not published to "
                + sinks.topicOf(kind)
                + ". Correct the value at its source or the table's constraint, then reprocess");
    byte[] value = r.getJson().getBytes(StandardCharsets.UTF_8);
    DeadLetter letter =
        r.getSourceTopic() == null
            ? new DeadLetter(
                DeadLetter.STAGE_SPARK,
                List.of(reason),
                null,
                null,
                null,
                sinks.topicOf(kind),
                r.getKey(),
                r.getJson(),
                null,
                false,
                Instant.now())
            : DeadLetter.fromKafka(
                DeadLetter.STAGE_SPARK,
                List.of(reason),
                r.getSourceTopic(),
                r.getSourcePartition(),
                r.getSourceOffset(),
                r.getKey(),
                value,
                Instant.now());
    publish(
        sinks.topicOf(OutputRecord.Kind.REJECT),
        r.getKey(),
        new String(letter.toJsonBytes(), StandardCharsets.UTF_8));
    result.refused(kind);
    LOG.warn(
        "{} {}: PostgreSQL refused a {} row ({} [SQLSTATE {}]); dead-lettered STORE_REJECTED, the stream goes on",
        sinks.topicOf(kind),
        r.getKey(),
        kind,
        message,
        sqlState);
    // A reading is a raw record's outcome: recorded among the rejections. Alerts and aggregates are
    // derived; their
    // dead letter is on the DLQ topic.
    return kind == OutputRecord.Kind.READING && r.getSourceTopic() != null
        ? CopyLine.of(letter)
        : null;
  }

  private void publish(String topic, String key, String json) {
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    sent.add(
        producer.send(
            new ProducerRecord<>(topic, keyBytes, json.getBytes(StandardCharsets.UTF_8))));
  }
}
