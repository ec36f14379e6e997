package dev.geomonitor.searchsink;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core both entry points share (the Lambda handler and the local consumer loop): a list of
 * records in, every one of them indexed or dead-lettered out. When {@link #process} returns,
 * OpenSearch has acknowledged every indexed document and Kafka every dead letter, so the caller may
 * commit the records' offsets. When it throws, nothing of the batch may be committed; processing
 * the batch again is safe because document ids are natural keys.
 */
public final class SearchSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SearchSink.class);

  private final DocumentMapper mapper;
  private final BulkIndexer indexer;
  private final DeadLetterPublisher deadLetters;
  private final Clock clock;

  public SearchSink(
      DocumentMapper mapper, BulkIndexer indexer, DeadLetterPublisher deadLetters, Clock clock) {
    this.mapper = mapper;
    this.indexer = indexer;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  public static SearchSink create(
      SearchSinkConfig config,
      OpenSearchClient client,
      DeadLetterPublisher deadLetters,
      StopSignal stop) {
    return new SearchSink(
        new DocumentMapper(config.indexLayout(), config.topics(), config.indexDeadLetters()),
        new BulkIndexer(client, BulkIndexer.Limits.of(config), stop),
        deadLetters,
        Clock.systemUTC());
  }

  /** A batch mapped to documents and early dead letters, ready to index. */
  public record Prepared(
      List<SinkRecord> records,
      List<IndexDocument> documents,
      List<DeadLetterPublisher.Letter> letters,
      int unindexable) {}

  /** Maps, indexes and dead-letters one batch: {@link #prepare} then {@link #complete}. */
  public BatchResult process(List<SinkRecord> records) throws InterruptedException {
    return complete(prepare(records));
  }

  /**
   * The CPU half of a batch: records to documents (or to dead letters when they cannot be
   * documents).
   */
  public Prepared prepare(List<SinkRecord> records) {
    List<IndexDocument> documents = new ArrayList<>(records.size());
    List<DeadLetterPublisher.Letter> letters = new ArrayList<>();
    int unindexable = 0;
    for (SinkRecord record : records) {
      DocumentMapper.Mapped mapped = mapper.map(record);
      if (mapped instanceof DocumentMapper.Document d) {
        documents.add(d.document());
      } else if (mapped instanceof DocumentMapper.Rejected r) {
        if (isDeadLetterTopic(record)) {
          unindexable++;
          LOG.error(
              "DLQ record {} is not a dead letter the sink can index ({}); it stays in the DLQ topic",
              record.coordinates(),
              r.reasons());
        } else {
          letters.add(letter(record, r.reasons()));
        }
      }
    }
    return new Prepared(records, documents, letters, unindexable);
  }

  /**
   * The I/O half: bulk-indexes the documents, checks every item, publishes the dead letters. May be
   * called again for the same batch after a {@link BatchIncompleteException} (documents have
   * natural-key ids: re-indexing is harmless).
   */
  public BatchResult complete(Prepared prepared) throws InterruptedException {
    List<IndexDocument> documents = prepared.documents();
    List<DeadLetterPublisher.Letter> letters = new ArrayList<>(prepared.letters());
    int unindexable = prepared.unindexable();
    BulkIndexer.Result result = indexer.index(documents);
    int indexed = 0;
    for (BulkIndexer.ItemResult item : result.items()) {
      if (item.verdict() == ItemVerdict.INDEXED) {
        indexed++;
        continue;
      }
      SinkRecord record = item.document().source();
      Rejection refusal =
          Rejection.of(
              RejectCode.INDEX_REJECTED,
              null,
              item.errorType()
                  + " ("
                  + item.status()
                  + ") in "
                  + item.document().index()
                  + ": "
                  + item.reason());
      if (isDeadLetterTopic(record)) {
        unindexable++;
        LOG.error(
            "DLQ record {} refused by OpenSearch ({}); it stays in the DLQ topic",
            record.coordinates(),
            refusal);
      } else {
        letters.add(letter(record, List.of(refusal)));
      }
    }
    if (!letters.isEmpty()) {
      deadLetters.publish(letters);
    }
    return new BatchResult(
        prepared.records().size(), indexed, letters.size(), unindexable, result.retries());
  }

  /** Closes the DLQ producer (the OpenSearch client belongs to whoever built it). */
  @Override
  public void close() {
    deadLetters.close();
  }

  private boolean isDeadLetterTopic(SinkRecord record) {
    return mapper.kindOf(record.topic()) == DocumentKind.DEAD_LETTERS;
  }

  private DeadLetterPublisher.Letter letter(SinkRecord record, List<Rejection> reasons) {
    return new DeadLetterPublisher.Letter(
        record.key(),
        DeadLetter.fromKafka(
            DeadLetter.STAGE_SEARCH_SINK,
            reasons,
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            clock.instant()));
  }
}
