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
import org.opensearch.client.transport.httpclient5.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes documents with explicit bulk requests and checks every item: indexed, retried
 * (429/5xx/cluster conditions, capped exponential backoff with jitter) or refused for good (to be
 * dead-lettered by the caller). An unreachable cluster makes it wait, with a warning every so
 * often, until the cluster is back, the outage limit passes or a stop is raised; it never reports a
 * document as done that OpenSearch did not acknowledge.
 */
public final class BulkIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(BulkIndexer.class);
  private static final Duration OUTAGE_LOG_EVERY = Duration.ofSeconds(10);

  /**
   * The final word on one document: {@link ItemVerdict#INDEXED} or {@link ItemVerdict#DEAD_LETTER}.
   */
  public record ItemResult(
      IndexDocument document, ItemVerdict verdict, int status, String errorType, String reason) {}

  /**
   * @param items one per input document, in input order
   * @param retries item retries plus whole-request retries during this call
   */
  public record Result(List<ItemResult> items, long retries) {}

  /** Sizes and retry caps; from {@link SearchSinkConfig}. */
  public record Limits(
      int maxDocs,
      long maxBytes,
      BackoffPolicy backoff,
      int maxItemAttempts,
      Duration maxOutageWait) {
    public static Limits of(SearchSinkConfig config) {
      return new Limits(
          config.bulkMaxDocs(),
          config.bulkMaxBytes(),
          config.backoffPolicy(),
          config.maxItemAttempts(),
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

  BulkIndexer(
      OpenSearchClient client,
      Limits limits,
      StopSignal stop,
      RandomGenerator random,
      Clock clock) {
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

  /**
   * The end (exclusive) of the chunk starting at {@code start}: at most maxDocs and about maxBytes,
   * never empty.
   */
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

  private void indexChunk(
      List<IndexDocument> documents, int start, int end, ItemResult[] results, long[] retries)
      throws InterruptedException {
    List<Integer> pending = new ArrayList<>();
    for (int i = start; i < end; i++) {
      pending.add(i);
    }
    indexPending(documents, pending, results, retries);
  }

  /**
   * Indexes the given documents until each has its final word. A bulk refused as a whole for its
   * content (HTTP 400, 413: one action OpenSearch will not even parse, a request over {@code
   * http.max_content_length}) is split in halves and each half sent again, so only the documents
   * that cause the refusal are dead-lettered (about log2(n) extra requests per offending document)
   * and the rest are indexed.
   */
  private void indexPending(
      List<IndexDocument> documents, List<Integer> pending, ItemResult[] results, long[] retries)
      throws InterruptedException {
    int attempt = 0;
    while (!pending.isEmpty()) {
      Answer answer = sendUntilAnswered(documents, pending, retries);
      if (answer.response() == null) {
        if (pending.size() == 1) {
          int index = pending.get(0);
          results[index] =
              new ItemResult(
                  documents.get(index),
                  ItemVerdict.DEAD_LETTER,
                  answer.refusedStatus(),
                  answer.refusedType(),
                  "the bulk request holding only this document was refused: "
                      + answer.refusedReason());
          return;
        }
        LOG.warn(
            "OpenSearch refused a bulk of {} documents as a whole ({} {}); splitting it to find the offending "
                + "ones",
            pending.size(),
            answer.refusedStatus(),
            answer.refusedReason());
        int half = pending.size() / 2;
        indexPending(documents, new ArrayList<>(pending.subList(0, half)), results, retries);
        indexPending(
            documents, new ArrayList<>(pending.subList(half, pending.size())), results, retries);
        return;
      }
      BulkResponse response = answer.response();
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
          results[index] =
              new ItemResult(
                  documents.get(index),
                  verdict,
                  item.status(),
                  type,
                  error == null ? null : error.reason());
        }
      }
      if (!again.isEmpty()) {
        attempt++;
        if (attempt >= limits.maxItemAttempts()) {
          BulkResponseItem sample = items.get(pending.indexOf(again.get(0)));
          throw new BatchIncompleteException(
              again.size()
                  + " documents still refused after "
                  + attempt
                  + " attempts, e.g. "
                  + sample.id()
                  + ": "
                  + sample.status()
                  + " "
                  + (sample.error() == null
                      ? ""
                      : sample.error().type() + " " + sample.error().reason()),
              null);
        }
        retries[0] += again.size();
        Duration pause = limits.backoff().delay(attempt, random);
        LOG.debug(
            "{} bulk items refused for now (429/5xx); retry {} in {}",
            again.size(),
            attempt,
            pause);
        if (stop.pause(pause)) {
          throw new SinkStoppedException("stopped while retrying " + again.size() + " bulk items");
        }
      }
      pending = again;
    }
  }

  /**
   * OpenSearch's answer to one bulk request: per-item results, or (response null) a refusal of the
   * whole request for its content.
   */
  private record Answer(
      BulkResponse response, int refusedStatus, String refusedType, String refusedReason) {
    static Answer of(BulkResponse response) {
      return new Answer(response, 0, null, null);
    }

    static Answer refused(int status, String type, String reason) {
      // OpenSearch quotes the offending action, which may be long: keep the start, enough to name
      // it
      String shown =
          reason == null ? "" : reason.length() > 600 ? reason.substring(0, 600) + "..." : reason;
      return new Answer(null, status, type == null ? "request_refused" : type, shown);
    }
  }

  /**
   * Statuses with which OpenSearch refuses a whole bulk request for what it holds, not for the
   * cluster's state.
   */
  private static boolean refusedForContent(int status) {
    return status == 400 || status == 413;
  }

  /**
   * The HTTP status of a transport failure that carries an answer without an error body
   * OpenSearch's client parses.
   */
  private static int answeredStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ResponseException r) {
        return r.status();
      }
    }
    return 0;
  }

  /** Sends one bulk request, waiting out an unreachable or overloaded cluster. */
  private Answer sendUntilAnswered(
      List<IndexDocument> documents, List<Integer> pending, long[] retries)
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
          LOG.warn(
              "OpenSearch answers again after {} s of outage ({} attempts)",
              Duration.between(firstFailure, clock.instant()).toSeconds(),
              attempt);
        }
        return Answer.of(response);
      } catch (IOException e) {
        int status = answeredStatus(e);
        if (refusedForContent(status)) {
          return Answer.refused(status, null, e.getMessage());
        }
        failure = e;
      } catch (OpenSearchException e) {
        if (ItemVerdict.classify(e.status(), e.error() == null ? null : e.error().type())
            != ItemVerdict.RETRY) {
          if (refusedForContent(e.status())) {
            return Answer.refused(
                e.status(), e.error() == null ? null : e.error().type(), e.getMessage());
          }
          throw new IllegalStateException(
              "OpenSearch refused a whole bulk request with "
                  + e.status()
                  + ": "
                  + e.getMessage()
                  + "; check the sink's credentials and the index permissions",
              e);
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
        LOG.warn(
            "OpenSearch unreachable or overloaded for {} s ({} attempts; {} documents waiting, "
                + "offsets not committed): {}",
            down.toSeconds(),
            attempt,
            pending.size(),
            failure.toString());
        lastLog = now;
      }
      if (limits.maxOutageWait() != null && down.compareTo(limits.maxOutageWait()) > 0) {
        throw new BatchIncompleteException(
            "OpenSearch unreachable for "
                + down.toSeconds()
                + " s, longer than SINK_MAX_OUTAGE_WAIT="
                + limits.maxOutageWait(),
            failure);
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
        builder.operations(
            op ->
                op.index(
                    ix ->
                        ix.index(d.index())
                            .id(d.id())
                            .document(d.body())
                            .version(d.externalVersion())
                            .versionType(VersionType.ExternalGte)));
      }
    }
    return builder.build();
  }
}
