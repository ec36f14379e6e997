package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention by document time: one pass deletes, for each kind with a maximum age, the documents
 * behind its alias whose time field ({@link DocumentKind#timeField()}) is older than now minus that
 * age. A reading indexed late (or re-indexed by a replay) is judged by its own time, so the next
 * pass removes it again; the raw log and PostgreSQL keep everything, so OpenSearch only holds the
 * configured window.
 *
 * <p>A pass is what {@code _delete_by_query} with {@code conflicts=proceed} does, done with core
 * APIs: search a page of matching ids with their sequence numbers, delete them in one bulk
 * conditioned on those sequence numbers ({@code if_seq_no}/{@code if_primary_term}) and made
 * visible ({@code refresh=wait_for}), repeat until no page is left. A document the sink rewrote in
 * between answers 409 and is left for the next round or pass, as {@code conflicts=proceed} would.
 * Core APIs because the reindex module that serves {@code _delete_by_query} is absent from the node
 * the tests run (see embedded/README), and the same code then runs on the domain.
 */
public final class IndexRetention {
  private static final Logger LOG = LoggerFactory.getLogger(IndexRetention.class);

  /** Ids per search page and bulk request. */
  static final int PAGE = 1000;

  private final OpenSearchClient client;
  private final OpenSearchRest rest;
  private final IndexLayout layout;
  private final Map<DocumentKind, Duration> maxAges;
  private final Clock clock;

  /** What one pass deleted, per kind; conflicts are documents rewritten during the pass. */
  public record Pass(Map<DocumentKind, Long> deleted, long conflicts) {
    public long total() {
      return deleted.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * @param maxAges kinds absent (or mapped to null) are kept forever
   */
  public IndexRetention(
      OpenSearchClient client,
      IndexLayout layout,
      Map<DocumentKind, Duration> maxAges,
      Clock clock) {
    this.client = client;
    this.rest = new OpenSearchRest(client);
    this.layout = layout;
    EnumMap<DocumentKind, Duration> ages = new EnumMap<>(DocumentKind.class);
    maxAges.forEach(
        (kind, age) -> {
          if (age != null) {
            if (age.isNegative() || age.isZero()) {
              throw new IllegalArgumentException(
                  "retention of " + kind.baseName() + " must be positive; got " + age);
            }
            ages.put(kind, age);
          }
        });
    this.maxAges = Map.copyOf(ages);
    this.clock = clock;
  }

  /** Whether any kind has a maximum age (otherwise a pass does nothing). */
  public boolean active() {
    return !maxAges.isEmpty();
  }

  /** One pass over every kind with a maximum age; the cutoff of each is taken at its start. */
  public Pass runOnce() {
    Map<DocumentKind, Long> deleted = new EnumMap<>(DocumentKind.class);
    long conflicts = 0;
    for (DocumentKind kind : DocumentKind.values()) {
      Duration age = maxAges.get(kind);
      if (age == null) {
        continue;
      }
      Instant cutoff = clock.instant().minus(age);
      long[] counts = deleteOlderThan(kind, cutoff);
      deleted.put(kind, counts[0]);
      conflicts += counts[1];
      if (counts[0] > 0 || counts[1] > 0) {
        LOG.info(
            "retention: deleted {} {} documents with {} before {} ({} rewritten meanwhile, left)",
            counts[0],
            kind.baseName(),
            kind.timeField(),
            cutoff,
            counts[1]);
      }
    }
    return new Pass(Map.copyOf(deleted), conflicts);
  }

  /** Deleted and conflicting counts. */
  private long[] deleteOlderThan(DocumentKind kind, Instant cutoff) {
    String alias = layout.alias(kind);
    if (rest.call("HEAD", "/" + alias, null).status() == 404) {
      return new long[] {0, 0}; // nothing indexed yet
    }
    long deleted = 0;
    long conflicts = 0;
    while (true) {
      JsonNode hits =
          rest.expectOk("POST", "/" + alias + "/_search", page(kind, cutoff))
              .path("hits")
              .path("hits");
      if (hits.isEmpty()) {
        return new long[] {deleted, conflicts};
      }
      List<BulkOperation> deletes = new ArrayList<>(hits.size());
      for (JsonNode hit : hits) {
        deletes.add(
            BulkOperation.of(
                op ->
                    op.delete(
                        d ->
                            d.index(hit.path("_index").asText())
                                .id(hit.path("_id").asText())
                                .ifSeqNo(hit.path("_seq_no").asLong())
                                .ifPrimaryTerm(hit.path("_primary_term").asLong()))));
      }
      long roundDeleted = 0;
      BulkResponse response = bulk(deletes);
      for (BulkResponseItem item : response.items()) {
        if (item.status() == 200) {
          roundDeleted++;
        } else if (item.status() == 409) {
          conflicts++;
        } else if (item.status() != 404) { // 404: gone already
          throw new IllegalStateException(
              "retention could not delete "
                  + item.index()
                  + "/"
                  + item.id()
                  + ": "
                  + item.status()
                  + " "
                  + (item.error() == null ? "" : item.error().reason()));
        }
      }
      deleted += roundDeleted;
      if (roundDeleted == 0) {
        // Every hit of the page was rewritten meanwhile: the next pass judges them again.
        return new long[] {deleted, conflicts};
      }
    }
  }

  private static ObjectNode page(DocumentKind kind, Instant cutoff) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("size", PAGE);
    body.put("_source", false);
    body.put("seq_no_primary_term", true);
    body.putObject("query")
        .putObject("range")
        .putObject(kind.timeField())
        .put("lt", cutoff.toString());
    return body;
  }

  private BulkResponse bulk(List<BulkOperation> deletes) {
    try {
      // wait_for: the next search no longer sees these documents, without the refresh permission
      // an explicit _refresh would need (the sink's access control role has none).
      return client.bulk(b -> b.operations(deletes).refresh(Refresh.WaitFor));
    } catch (IOException e) {
      throw new UncheckedIOException("retention bulk delete failed: is OpenSearch reachable?", e);
    }
  }
}
