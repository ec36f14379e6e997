package dev.geomonitor.searchsink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes documents with explicit bulk requests and checks every item: indexed, retried (429/5xx/cluster conditions,
 * capped exponential backoff with jitter) or refused for good (to be dead-lettered by the caller). An unreachable
 * cluster makes it wait, with a warning every so often, until the cluster is back, the outage limit passes or a stop is
 * raised; it never reports a document as done that OpenSearch did not acknowledge.
 */
public final class BulkIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(BulkIndexer.class);
  private static final Duration OUTAGE_LOG_EVERY = Duration.ofSeconds(10);

  /** The final word on one document: {@link ItemVerdict#INDEXED} or {@link ItemVerdict#DEAD_LETTER}. */
  public record ItemResult(IndexDocument document, ItemVerdict verdict, int status, String errorType, String reason) {}

  /**
   * @param items one per input document, in input order
   * @param retries item retries plus whole-request retries during this call
   */
  public record Result(List<ItemResult> items, long retries) {}

  /** Sizes and retry caps; from {@link SearchSinkConfig}. */
  public record Limits(int maxDocs, long maxBytes, BackoffPolicy backoff, int maxItemAttempts, Duration maxOutageWait) {
    public static Limits of(SearchSinkConfig config) {
      return new Limits(config.bulkMaxDocs(), config.bulkMaxBytes(), config.backoffPolicy(), config.maxItemAttempts(),
          config.maxOutageWait());
    }
  }

  private final OpenSearchClient client;
  private final Limits limits;
  private final StopSignal stop;
  private final RandomGenerator random;
  private final Clock clock;

  public BulkIndexer(OpenSearchClient client, Limits limits, StopSignal stop) {
    this(client, limits, stop, RandomGenerator.getDefault(), Clock.systemUTC());
  }

  BulkIndexer(OpenSearchClient client, Limits limits, StopSignal stop, RandomGenerator random, Clock clock) {
    this.client = client;
    this.limits = limits;
    this.stop = stop;
    this.random = random;
    this.clock = clock;
  }

  public Result index(List<IndexDocument> documents) throws InterruptedException {
    ItemResult[] results = new ItemResult[documents.size()];
    long[] retries = {0};
    int start = 0;
    while (start < documents.size()) {
      int end = chunkEnd(documents, start);
      indexChunk(documents, start, end, results, retries);
      start = end;
    }
    return new Result(List.of(results), retries[0]);
  }

  /** The end (exclusive) of the chunk starting at {@code start}: at most maxDocs and about maxBytes, never empty. */
  private int chunkEnd(List<IndexDocument> documents, int start) {
    long bytes = 0;
    int end = start;
    while (end < documents.size() && end - start < limits.maxDocs()) {
      bytes += documents.get(end).approxBytes();
      if (bytes > limits.maxBytes() && end > start) {
        break;
      }
      end++;
    }
    return end;
  }

  private void indexChunk(List<IndexDocument> documents, int start, int end, ItemResult[] results, long[] retries)
      throws InterruptedException {
    List<Integer> pending = new ArrayList<>();
    for (int i = start; i < end; i++) {
      pending.add(i);
    }
    int attempt = 0;
    while (!pending.isEmpty()) {
      BulkResponse response = sendUntilAnswered(documents, pending, retries);
      List<Integer> again = new ArrayList<>();
      List<BulkResponseItem> items = response.items();
      for (int k = 0; k < pending.size(); k++) {
        int index = pending.get(k);
        BulkResponseItem item = items.get(k);
        ErrorCause error = item.error();
        String type = error == null ? null : error.type();
        ItemVerdict verdict = ItemVerdict.classify(item.status(), type);
        if (verdict == ItemVerdict.RETRY) {
          again.add(index);
        } else {
          results[index] = new ItemResult(documents.get(index), verdict, item.status(), type,
              error == null ? null : error.reason());
        }
      }
      if (!again.isEmpty()) {
        attempt++;
        if (attempt >= limits.maxItemAttempts()) {
          BulkResponseItem sample = items.get(pending.indexOf(again.get(0)));
          throw new BatchIncompleteException(again.size() + " documents still refused after " + attempt
              + " attempts, e.g. " + sample.id() + ": " + sample.status() + " "
              + (sample.error() == null ? "" : sample.error().type() + " " + sample.error().reason()), null);
        }
        retries[0] += again.size();
        Duration pause = limits.backoff().delay(attempt, random);
        LOG.debug("{} bulk items refused for now (429/5xx); retry {} in {}", again.size(), attempt, pause);
        if (stop.pause(pause)) {
          throw new SinkStoppedException("stopped while retrying " + again.size() + " bulk items");
        }
      }
      pending = again;
    }
  }

  /** Sends one bulk request, waiting out an unreachable or overloaded cluster. */
  private BulkResponse sendUntilAnswered(List<IndexDocument> documents, List<Integer> pending, long[] retries)
      throws InterruptedException {
    BulkRequest request = buildRequest(documents, pending);
    Instant firstFailure = null;
    Instant lastLog = null;
    int attempt = 0;
    while (true) {
      Exception failure;
      try {
        BulkResponse response = client.bulk(request);
        if (firstFailure != null) {
          LOG.warn("OpenSearch answers again after {} s of outage ({} attempts)",
              Duration.between(firstFailure, clock.instant()).toSeconds(), attempt);
        }
        return response;
      } catch (IOException e) {
        failure = e;
      } catch (OpenSearchException e) {
        if (ItemVerdict.classify(e.status(), e.error() == null ? null : e.error().type()) != ItemVerdict.RETRY) {
          throw new IllegalStateException("OpenSearch refused a whole bulk request with " + e.status() + ": "
              + e.getMessage() + "; if it is 413, lower SINK_BULK_MAX_BYTES", e);
        }
        failure = e;
      }
      Instant now = clock.instant();
      attempt++;
      retries[0]++;
      if (firstFailure == null) {
        firstFailure = now;
      }
      Duration down = Duration.between(firstFailure, now);
      if (lastLog == null || Duration.between(lastLog, now).compareTo(OUTAGE_LOG_EVERY) >= 0) {
        LOG.warn("OpenSearch unreachable or overloaded for {} s ({} attempts; {} documents waiting, "
            + "offsets not committed): {}", down.toSeconds(), attempt, pending.size(), failure.toString());
        lastLog = now;
      }
      if (limits.maxOutageWait() != null && down.compareTo(limits.maxOutageWait()) > 0) {
        throw new BatchIncompleteException("OpenSearch unreachable for " + down.toSeconds()
            + " s, longer than SINK_MAX_OUTAGE_WAIT=" + limits.maxOutageWait(), failure);
      }
      if (stop.pause(limits.backoff().delay(attempt, random))) {
        throw new SinkStoppedException("stopped while OpenSearch was unreachable");
      }
    }
  }

  private static BulkRequest buildRequest(List<IndexDocument> documents, List<Integer> pending) {
    BulkRequest.Builder builder = new BulkRequest.Builder();
    for (int i : pending) {
      IndexDocument d = documents.get(i);
      if (d.externalVersion() == null) {
        builder.operations(op -> op.index(ix -> ix.index(d.index()).id(d.id()).document(d.body())));
      } else {
        builder.operations(op -> op.index(ix -> ix.index(d.index()).id(d.id()).document(d.body())
            .version(d.externalVersion()).versionType(VersionType.ExternalGte)));
      }
    }
    return builder.build();
  }
}
