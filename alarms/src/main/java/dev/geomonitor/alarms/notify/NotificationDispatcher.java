package dev.geomonitor.alarms.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.alarms.AlarmProcessor;
import dev.geomonitor.alarms.AlarmStoreException;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the lifecycle queued: routes each QUEUED message to its recipients (one delivery row
 * each), then sends the deliveries that are due. A failed attempt is recorded with its error and
 * retried with exponential backoff; after the last attempt the delivery stays FAILED (logged as an
 * error, listed by the API): nothing is dropped silently. Rows are claimed with {@code FOR UPDATE
 * SKIP LOCKED}, so two dispatchers never send the same delivery at once. A crash between a send and
 * its record sends it again on the next pass (at least once): receivers can drop a repeat by its
 * delivery id.
 */
public final class NotificationDispatcher implements AlarmProcessor.Delivery, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
  private static final int BATCH = 50;

  /**
   * Recipients served at once: delivery is waiting on other servers, not work for this machine's
   * cores.
   */
  private static final int SENDERS = 8;

  /**
   * @param attempts tries per delivery; the wait before try n+1 is {@code backoff * 2^(n-1)},
   *     capped at 1 hour
   */
  public record RetryPolicy(int attempts, Duration backoff) {
    public RetryPolicy {
      if (attempts < 1) {
        throw new IllegalArgumentException("DELIVERY_ATTEMPTS must be at least 1, got " + attempts);
      }
      Objects.requireNonNull(backoff, "backoff");
    }

    Duration waitAfter(int attemptsSoFar) {
      Duration wait = backoff.multipliedBy(1L << Math.min(20, Math.max(0, attemptsSoFar - 1)));
      return wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait;
    }
  }

  private final DataSource dataSource;
  private final NotificationRoutes routes;
  private final Map<Channel.Kind, Channel> channels;
  private final RetryPolicy retry;
  private final URI pageUrl;
  private final java.util.Set<String> unroutedWarned = ConcurrentHashMap.newKeySet();
  private final ExecutorService senders =
      Executors.newFixedThreadPool(
          SENDERS,
          r -> {
            Thread t = new Thread(r, "alarm-delivery");
            t.setDaemon(true);
            return t;
          });

  public NotificationDispatcher(
      DataSource dataSource,
      NotificationRoutes routes,
      Map<Channel.Kind, Channel> channels,
      RetryPolicy retry,
      URI pageUrl) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.channels = Map.copyOf(channels);
    this.retry = Objects.requireNonNull(retry, "retry");
    this.pageUrl = pageUrl;
    if (routes.usesEmail() && !this.channels.containsKey(Channel.Kind.EMAIL)) {
      throw new IllegalArgumentException(
          "the alarms file names e-mail recipients but no SMTP server is configured:"
              + " set SMTP_HOST (and SMTP_PORT, SMTP_FROM)");
    }
    if (routes.usesWebhooks() && !this.channels.containsKey(Channel.Kind.WEBHOOK)) {
      throw new IllegalArgumentException(
          "the alarms file names webhooks but no webhook channel is configured:"
              + " set WEBHOOK_SECRET");
    }
    if (routes.usesTopics() && !this.channels.containsKey(Channel.Kind.SNS)) {
      throw new IllegalArgumentException(
          "ALARM_TOPICS names SNS topics but no SNS channel is configured");
    }
  }

  @Override
  public int deliver(Instant now) {
    route(now);
    int sent = 0;
    int done;
    do {
      done = sendDue(now);
      sent += done;
    } while (done == BATCH);
    return sent;
  }

  /** Turns QUEUED messages into one PENDING delivery per recipient; returns the messages routed. */
  int route(Instant now) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      int routed = 0;
      try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT notification_id, message, level, step, payload"
                      + " FROM monitoring.alarm_notifications WHERE status = 'QUEUED' ORDER BY notification_id"
                      + " LIMIT 500 FOR UPDATE SKIP LOCKED");
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO monitoring.alarm_deliveries (notification_id,"
                      + " channel, target, status, next_attempt_at, created_at) VALUES (?, ?, ?, 'PENDING', ?, ?)"
                      + " ON CONFLICT DO NOTHING");
          PreparedStatement mark =
              c.prepareStatement(
                  "UPDATE monitoring.alarm_notifications SET status = ? WHERE notification_id = ?");
          ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          JsonNode payload = parse(rs.getString(5));
          List<NotificationRoutes.Target> targets =
              routes.targets(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  payload.path("escalated_to_step").asInt());
          for (NotificationRoutes.Target t : targets) {
            insert.setLong(1, id);
            insert.setString(2, t.channel().name());
            insert.setString(3, t.address());
            insert.setObject(4, utc(now));
            insert.setObject(5, utc(now));
            insert.addBatch();
          }
          if (targets.isEmpty()) {
            // Once per level and message kind (the built-in defaults notify nobody): recorded
            // UNROUTED either way.
            if (unroutedWarned.add(rs.getString(2) + " " + rs.getString(3))) {
              LOG.warn(
                  "alarm message {} ({} {}) has no recipients: add groups for level {} to the alarms file"
                      + " (further {} {} messages without recipients are recorded UNROUTED without this warning)",
                  id,
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(3),
                  rs.getString(2),
                  rs.getString(3));
            }
          }
          mark.setString(1, targets.isEmpty() ? "UNROUTED" : "ROUTED");
          mark.setLong(2, id);
          mark.addBatch();
          routed++;
        }
        insert.executeBatch();
        mark.executeBatch();
      }
      c.commit();
      return routed;
    } catch (SQLException e) {
      throw new AlarmStoreException("cannot route alarm messages: " + e.getMessage(), e);
    }
  }

  private record Due(long id, Channel.Kind channel, String target, int attempts, String payload) {}

  private int sendDue(Instant now) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      List<Due> due = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT d.delivery_id, d.channel, d.target, d.attempts,"
                  + " n.payload::text FROM monitoring.alarm_deliveries d JOIN monitoring.alarm_notifications n"
                  + " USING (notification_id) WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?"
                  + " ORDER BY d.delivery_id LIMIT "
                  + BATCH
                  + " FOR UPDATE OF d SKIP LOCKED")) {
        ps.setObject(1, utc(now));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            due.add(
                new Due(
                    rs.getLong(1),
                    Channel.Kind.valueOf(rs.getString(2)),
                    rs.getString(3),
                    rs.getInt(4),
                    rs.getString(5)));
          }
        }
      }
      Map<Long, Exception> failures = sendAll(due);
      try (PreparedStatement sent =
              c.prepareStatement(
                  "UPDATE monitoring.alarm_deliveries SET status = 'SENT',"
                      + " attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE delivery_id = ?");
          PreparedStatement failed =
              c.prepareStatement(
                  "UPDATE monitoring.alarm_deliveries SET status = ?,"
                      + " attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE delivery_id = ?")) {
        for (Due d : due) {
          Exception e = failures.get(d.id());
          if (e == null) {
            sent.setObject(1, utc(now));
            sent.setLong(2, d.id());
            sent.executeUpdate();
            continue;
          }
          int attempts = d.attempts() + 1;
          boolean last = attempts >= retry.attempts();
          if (last) {
            LOG.error(
                "alarm delivery {} to {} FAILED after {} attempts: {}",
                d.id(),
                d.target(),
                attempts,
                e.getMessage());
          } else {
            LOG.warn(
                "alarm delivery {} to {} failed (attempt {} of {}), retrying: {}",
                d.id(),
                d.target(),
                attempts,
                retry.attempts(),
                e.getMessage());
          }
          failed.setString(1, last ? "FAILED" : "PENDING");
          failed.setObject(2, utc(now.plus(retry.waitAfter(attempts))));
          String error = String.valueOf(e.getMessage());
          failed.setString(3, error.substring(0, Math.min(2000, error.length())));
          failed.setLong(4, d.id());
          failed.executeUpdate();
        }
      }
      c.commit();
      return due.size();
    } catch (SQLException e) {
      throw new AlarmStoreException("cannot send alarm deliveries: " + e.getMessage(), e);
    }
  }

  /**
   * Sends a batch: recipients in parallel (a slow SMTP server or webhook does not hold up the
   * others), each recipient's messages one after the other in delivery order, so a person reads
   * RAISE ALERT before RAISE ALARM.
   *
   * @return the failure of each delivery that failed, by delivery id
   */
  private Map<Long, Exception> sendAll(List<Due> due) {
    Map<String, List<Due>> byTarget = new LinkedHashMap<>();
    for (Due d : due) {
      byTarget.computeIfAbsent(d.channel() + " " + d.target(), k -> new ArrayList<>()).add(d);
    }
    Map<Long, Exception> failures = new ConcurrentHashMap<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (List<Due> one : byTarget.values()) {
      tasks.add(
          () -> {
            for (Due d : one) {
              try {
                channels
                    .get(d.channel())
                    .send(d.id(), d.target(), new Notice(parse(d.payload()), d.payload(), pageUrl));
              } catch (DeliveryException | RuntimeException e) {
                failures.put(d.id(), e);
              }
            }
            return null;
          });
    }
    try {
      for (Future<Void> f : senders.invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // Not sent or not known to be sent: recorded as a failed attempt, retried by the next pass.
      due.forEach(d -> failures.putIfAbsent(d.id(), e));
    } catch (ExecutionException e) {
      throw new IllegalStateException("a delivery task failed unexpectedly", e.getCause());
    }
    return failures;
  }

  @Override
  public void close() {
    senders.shutdownNow();
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable alarm payload " + json, e);
    }
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
