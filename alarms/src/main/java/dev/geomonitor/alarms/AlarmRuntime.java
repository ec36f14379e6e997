package dev.geomonitor.alarms;

import dev.geomonitor.alarms.notify.Channel;
import dev.geomonitor.alarms.notify.EmailChannel;
import dev.geomonitor.alarms.notify.NotificationDispatcher;
import dev.geomonitor.alarms.notify.SnsChannel;
import dev.geomonitor.alarms.notify.WebhookChannel;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The alarm processor wired from an {@link AlarmConfig} and run on a schedule: what the local
 * runner starts. A pass that fails (database away, a bug) is logged and the next pass tries again;
 * nothing is lost, since every step works from the tables.
 */
public final class AlarmRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmRuntime.class);

  private final AlarmProcessor processor;
  private final AlarmStore store;
  private final ScheduledExecutorService scheduler;

  private AlarmRuntime(
      AlarmProcessor processor, AlarmStore store, ScheduledExecutorService scheduler) {
    this.processor = processor;
    this.store = store;
    this.scheduler = scheduler;
  }

  /** The processor alone (for a scheduled function or a test that runs passes itself). */
  public static AlarmProcessor processor(AlarmConfig config, DataSource database, Clock clock) {
    return processor(config, database, clock, null);
  }

  /**
   * The processor, publishing to ALARM_TOPICS with {@code sns} (null: a client with the default
   * credentials and region, made only when topics are configured).
   */
  public static AlarmProcessor processor(
      AlarmConfig config, DataSource database, Clock clock, SnsClient sns) {
    // One pass is a few dozen short transactions: reuse connections instead of opening one for
    // each.
    DataSource dataSource = new ConnectionReuse(database, 4);
    AlarmStore store = new AlarmStore(dataSource, config.alarms().rateLimit());
    Map<Channel.Kind, Channel> channels = new EnumMap<>(Channel.Kind.class);
    if (config.smtp() != null) {
      channels.put(Channel.Kind.EMAIL, new EmailChannel(config.smtp()));
    }
    if (config.webhookSecret() != null) {
      channels.put(
          Channel.Kind.WEBHOOK,
          new WebhookChannel(config.webhookSecret(), config.deliveryTimeout(), clock));
    }
    if (!config.topics().isEmpty()) {
      channels.put(
          Channel.Kind.SNS,
          new SnsChannel(
              sns != null
                  ? sns
                  : SnsClient.builder().httpClientBuilder(ApacheHttpClient.builder()).build()));
    }
    NotificationDispatcher dispatcher =
        new NotificationDispatcher(
            dataSource,
            config.alarms().routes().withTopics(config.topics()),
            channels,
            config.retry(),
            config.pageUrl());
    return new AlarmProcessor(
        store,
        new AlertFeed(dataSource, config.alertsFrom()),
        new InstrumentWatch(dataSource, store),
        config.alarms().policy(),
        dispatcher,
        clock,
        config.search() == null ? null : AlarmIndexer.to(config.search(), dataSource, clock));
  }

  /** Starts passes every {@code config.pollInterval()}, the first one now. */
  public static AlarmRuntime start(AlarmConfig config, DataSource dataSource, Clock clock) {
    Objects.requireNonNull(dataSource, "dataSource");
    AlarmProcessor processor = processor(config, dataSource, clock);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "alarm-processor");
              t.setDaemon(true);
              return t;
            });
    AlarmRuntime runtime = new AlarmRuntime(processor, processor.store(), scheduler);
    scheduler.scheduleWithFixedDelay(
        runtime::pass, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    return runtime;
  }

  private void pass() {
    try {
      AlarmProcessor.Pass pass = processor.runOnce();
      if (pass.alertsApplied() > 0
          || pass.alarmsTicked() > 0
          || pass.deliveries() > 0
          || pass.alarmsIndexed() > 0) {
        LOG.info(
            "alarms: {} alerts applied, {} alarms changed by time, {} deliveries tried, {} indexed",
            pass.alertsApplied(),
            pass.alarmsTicked(),
            pass.deliveries(),
            pass.alarmsIndexed());
      }
    } catch (RuntimeException e) {
      LOG.error("alarm pass failed; the next pass retries: {}", e.getMessage(), e);
    }
  }

  public AlarmStore store() {
    return store;
  }

  public AlarmProcessor processor() {
    return processor;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("alarm processor still running 10 s after stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      processor.close();
    }
  }
}
