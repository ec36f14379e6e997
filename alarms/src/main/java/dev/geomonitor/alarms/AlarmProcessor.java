package dev.geomonitor.alarms;

import dev.geomonitor.domain.StatusAlert;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One pass of alarm management, the core every entry point calls (the local runner on a schedule; a
 * scheduled function on AWS): apply new alerts, watch instruments, let time act (escalation,
 * all-clear, close), then deliver what was queued. Each step is its own transactions, so a failure
 * in one pass is retried by the next with nothing half done.
 */
public final class AlarmProcessor implements AutoCloseable {
  /** Alerts applied per pass at most; a backlog drains over several passes. */
  static final int ALERTS_PER_PASS = 1000;

  /** What a pass did, for logs and tests. */
  public record Pass(int alertsApplied, int instrumentsWatched, int alarmsTicked, int deliveries) {}

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

  public AlarmProcessor(
      AlarmStore store,
      AlertSource feed,
      InstrumentWatch watch,
      AlarmPolicy policy,
      Delivery delivery,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.watch = watch;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.clock = Objects.requireNonNull(clock, "clock");
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
    return new Pass(applied, watched, ticked, delivered);
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
