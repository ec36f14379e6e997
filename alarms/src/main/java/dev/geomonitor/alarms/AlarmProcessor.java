package dev.geomonitor.alarms;

import dev.geomonitor.domain.StatusAlert;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of alarm management, the core every entry point calls (the local runner on a schedule; a
 * scheduled function on AWS): apply new alerts, watch instruments, let time act (escalation,
 * all-clear, close), deliver what was queued, then index the alarms that changed into OpenSearch
 * (when configured). Each step is its own transactions, so a failure in one pass is retried by the
 * next with nothing half done. Indexing comes last and its failure is only logged: a search cluster
 * that is away must never hold up an alarm or a notification.
 */
public final class AlarmProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmProcessor.class);

  /** Alerts applied per pass at most; a backlog drains over several passes. */
  static final int ALERTS_PER_PASS = 1000;

  /**
   * What a pass did, for logs and tests.
   *
   * @param alarmsIndexed documents OpenSearch took; -1 when indexing failed this pass (retried by a
   *     later one), 0 when it is off
   */
  public record Pass(
      int alertsApplied,
      int instrumentsWatched,
      int alarmsTicked,
      int deliveries,
      int alarmsIndexed) {}

  /** Sends what was queued; {@link NotificationDispatcher} in production. */
  @FunctionalInterface
  public interface Delivery extends AutoCloseable {
    int deliver(Instant now);

    /** Releases what delivering holds (threads); nothing by default. */
    @Override
    default void close() {}

    Delivery NONE = now -> 0;
  }

  private final AlarmStore store;
  private final AlertSource feed;
  private final InstrumentWatch watch;
  private final AlarmPolicy policy;
  private final Delivery delivery;
  private final Clock clock;
  private final AlarmIndexer indexer;

  public AlarmProcessor(
      AlarmStore store,
      AlertSource feed,
      InstrumentWatch watch,
      AlarmPolicy policy,
      Delivery delivery,
      Clock clock) {
    this(store, feed, watch, policy, delivery, clock, null);
  }

  /**
   * @param indexer copies changed alarms to OpenSearch at the end of each pass; null: alarms are
   *     not indexed
   */
  public AlarmProcessor(
      AlarmStore store,
      AlertSource feed,
      InstrumentWatch watch,
      AlarmPolicy policy,
      Delivery delivery,
      Clock clock,
      AlarmIndexer indexer) {
    this.store = Objects.requireNonNull(store, "store");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.watch = watch;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.indexer = indexer;
  }

  public Pass runOnce() {
    int applied = 0;
    List<StatusAlert> alerts = feed.next(ALERTS_PER_PASS);
    for (StatusAlert alert : alerts) {
      if (store.apply(alert, clock.instant())) {
        applied++;
      }
    }
    int watched = watch == null ? 0 : watch.check(clock.instant(), policy);
    int ticked = store.tick(clock.instant(), policy);
    int delivered = delivery.deliver(clock.instant());
    return new Pass(applied, watched, ticked, delivered, index());
  }

  private int index() {
    if (indexer == null) {
      return 0;
    }
    try {
      return indexer.indexChanged().indexed();
    } catch (RuntimeException e) {
      // The alarms stay due (PostgreSQL records what OpenSearch took); a later pass indexes them.
      LOG.warn("alarms not indexed this pass, retried later: {}", e.getMessage());
      return -1;
    }
  }

  public AlarmStore store() {
    return store;
  }

  @Override
  public void close() {
    delivery.close();
  }

  public AlarmPolicy policy() {
    return policy;
  }
}
