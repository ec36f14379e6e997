package dev.geomonitor.alarms;

import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.IndexAdmin;
import dev.geomonitor.searchsink.IndexLayout;
import dev.geomonitor.searchsink.OpenSearchClients;
import dev.geomonitor.searchsink.OpenSearchRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the OpenSearch {@code alarms} alias equal to {@code monitoring.alarms}: one document per
 * alarm, id = alarm id. PostgreSQL stays the record; the index is a copy for Dashboards.
 *
 * <p>Every write of an alarm's row raises its {@code revision} (in the transaction that changes
 * it); the row is due while {@code revision > indexed_revision}. A pass sends the due rows in one
 * bulk request with {@code version_type=external} and {@code version=revision}, then records each
 * revision OpenSearch accepted. So nothing is lost (a row changed meanwhile has a higher revision
 * and stays due; a row OpenSearch did not take stays due) and nothing is doubled or undone (same
 * id; a repeat or an older revision is refused with a version conflict, which counts as done).
 *
 * <p>OpenSearch away: the pass fails, nothing is recorded, and the next attempt waits a backoff
 * (doubling from {@link #FIRST_BACKOFF} up to {@link #MAX_BACKOFF}) so that alarm passes keep their
 * pace meanwhile; then every due alarm is indexed.
 */
public final class AlarmIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmIndexer.class);

  /** Alarms per bulk request; a backlog (first start, long outage) drains in several. */
  static final int ALARMS_PER_BULK = 500;

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final DataSource dataSource;
  private final OpenSearchClient client;
  private final IndexAdmin admin;
  private final String alias;
  private final Clock clock;
  private boolean indexReady;
  private Duration backoff = Duration.ZERO;
  private Instant nextAttempt = Instant.MIN;

  public AlarmIndexer(
      DataSource dataSource, OpenSearchClient client, IndexLayout layout, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.client = Objects.requireNonNull(client, "client");
    this.admin = new IndexAdmin(new OpenSearchRest(client), layout);
    this.alias = layout.alias(DocumentKind.ALARMS);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An indexer for {@code search}'s cluster and layout. */
  public static AlarmIndexer to(AlarmSearch search, DataSource dataSource, Clock clock) {
    return new AlarmIndexer(
        dataSource, OpenSearchClients.create(search.connection()), search.layout(), clock);
  }

  /** What one call did. */
  public record Pass(int indexed, int refused, boolean skipped) {
    static final Pass SKIPPED = new Pass(0, 0, true);
  }

  /**
   * Indexes every alarm changed since OpenSearch last took it.
   *
   * @return how many documents OpenSearch took; skipped while backing off after a failure
   * @throws AlarmIndexException OpenSearch unreachable or refusing the request (nothing recorded)
   */
  public synchronized Pass indexChanged() {
    Instant now = clock.instant();
    if (now.isBefore(nextAttempt)) {
      return Pass.SKIPPED;
    }
    try {
      Pass pass = indexAllDue();
      backoff = Duration.ZERO;
      nextAttempt = Instant.MIN;
      return pass;
    } catch (RuntimeException e) {
      indexReady = false; // whatever failed, the next attempt makes sure of the index first
      backoff =
          backoff.isZero()
              ? FIRST_BACKOFF
              : backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                  ? MAX_BACKOFF
                  : backoff.multipliedBy(2);
      nextAttempt = now.plus(backoff);
      throw e instanceof AlarmIndexException a
          ? a
          : new AlarmIndexException(
              "indexing alarms into '" + alias + "' failed: " + e.getMessage(), e);
    }
  }

  private Pass indexAllDue() {
    if (!indexReady) {
      admin.ensureAlarms();
      indexReady = true;
    }
    int indexed = 0;
    int refused = 0;
    while (true) {
      List<Due> due = due();
      if (due.isEmpty()) {
        return new Pass(indexed, refused, false);
      }
      List<Due> taken = send(due);
      record(taken);
      indexed += taken.size();
      refused += due.size() - taken.size();
      if (due.size() < ALARMS_PER_BULK || taken.isEmpty()) {
        // Short page: nothing more due. Nothing taken: those stay due for the next pass.
        return new Pass(indexed, refused, false);
      }
    }
  }

  /** An alarm row due for indexing. */
  private record Due(long alarmId, long revision, Map<String, Object> document) {}

  private List<Due> due() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + AlarmRows.COLUMNS
                    + ", revision, updated_at FROM monitoring.alarms"
                    + " WHERE revision > indexed_revision ORDER BY alarm_id LIMIT "
                    + ALARMS_PER_BULK)) {
      List<Due> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Alarm alarm = AlarmRows.read(rs);
          long revision = rs.getLong("revision");
          out.add(
              new Due(
                  alarm.id,
                  revision,
                  AlarmDocument.of(alarm, revision, AlarmRows.instant(rs, "updated_at"))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new AlarmStoreException(
          "cannot read the alarms to index: "
              + e.getMessage()
              + ("42703".equals(e.getSQLState())
                  ? " (column revision missing: run the batch store's migrations, V9)"
                  : "")
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }

  /** One bulk request; returns the rows OpenSearch has at their revision (or newer). */
  private List<Due> send(List<Due> due) {
    // require_alias: should the alias be gone (index deleted by hand), the items fail instead of
    // creating a concrete index "alarms" with dynamic mappings; the next attempt re-creates it.
    BulkRequest.Builder request = new BulkRequest.Builder().requireAlias(true);
    for (Due d : due) {
      request.operations(
          op ->
              op.index(
                  i ->
                      i.index(alias)
                          .id(Long.toString(d.alarmId()))
                          .versionType(VersionType.External)
                          .version(d.revision())
                          .document(d.document())));
    }
    BulkResponse response;
    try {
      response = client.bulk(request.build());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "bulk request to '" + alias + "' failed: " + e.getMessage(), e);
    }
    List<Due> taken = new ArrayList<>();
    List<BulkResponseItem> items = response.items();
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      if (item.status() / 100 == 2 || item.status() == 409) {
        // 409: OpenSearch already has this revision or a newer one (a repeated pass).
        taken.add(due.get(i));
      } else {
        indexReady = false; // the template, index or alias may be what is missing: ensure again
        LOG.error(
            "OpenSearch refused alarm {} revision {}: {} {} {}; it stays due and is retried next"
                + " pass",
            due.get(i).alarmId(),
            due.get(i).revision(),
            item.status(),
            item.error() == null ? "" : item.error().type(),
            item.error() == null ? "" : item.error().reason());
      }
    }
    return taken;
  }

  private void record(List<Due> taken) {
    if (taken.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE monitoring.alarms SET indexed_revision = ?"
                    + " WHERE alarm_id = ? AND indexed_revision < ?")) {
      c.setAutoCommit(false);
      for (Due d : taken) {
        ps.setLong(1, d.revision());
        ps.setLong(2, d.alarmId());
        ps.setLong(3, d.revision());
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    } catch (SQLException e) {
      // The documents are in OpenSearch; the next pass sends them again and gets conflicts:
      // harmless.
      throw new AlarmStoreException(
          "cannot record which alarms are indexed: "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]",
          e);
    }
  }
}
