package dev.geomonitor.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.batchstore.BatchStoreException;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerLevelCatalog;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm HTTP API, independent of any server (the local runner's page server calls it; an API
 * Gateway handler can too): a method, a path, query parameters and a body in, a status and a JSON
 * body out.
 *
 * <pre>
 * GET  /api/alarms?state=open|all&amp;limit=100   alarms, newest first
 * GET  /api/alarms/{id}                         the alarm, its audit trail and its deliveries
 * POST /api/alarms/{id}/acknowledge             {"by":"j.smith","comment":"..."}
 * POST /api/alarms/{id}/comment                 {"by":"j.smith","comment":"..."}
 * GET  /api/levels                              review levels: grace, version 0, every version
 * POST /api/levels                              add a version (see {@link LevelVersionsApi})
 * GET  /api/rate-triggers                       rate triggers: grace, version 0, every version
 * POST /api/rate-triggers                       add a version (see {@link RateTriggersApi})
 * </pre>
 */
public final class AlarmApi {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmApi.class);
  private static final Pattern ONE = Pattern.compile("/api/alarms/(\\d{1,18})");
  private static final Pattern ACTION =
      Pattern.compile("/api/alarms/(\\d{1,18})/(acknowledge|comment)");
  private static final int MAX_BODY = 16 * 1024;
  private static final int MAX_COMMENT = 4000;

  /** A status and a JSON body. */
  public record Answer(int status, byte[] body) {}

  private final AlarmStore store;
  private final Clock clock;
  private final LevelVersionsApi levels;
  private final RateTriggersApi rates;

  public AlarmApi(AlarmStore store, Clock clock) {
    this(store, clock, null, null);
  }

  private AlarmApi(AlarmStore store, Clock clock, LevelVersionsApi levels, RateTriggersApi rates) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.levels = levels;
    this.rates = rates;
  }

  /**
   * This API, also serving the review levels under {@code /api/levels}.
   *
   * @param initial version 0: the levels the job starts from (its defaults and trigger-levels file)
   */
  public AlarmApi withLevels(TriggerLevelVersions versions, Supplier<TriggerLevelCatalog> initial) {
    return new AlarmApi(store, clock, new LevelVersionsApi(versions, initial), rates);
  }

  /**
   * This API, also serving the rate-of-change triggers under {@code /api/rate-triggers}.
   *
   * @param initial version 0: the alarms file's {@code rate} section the processor runs with
   */
  public AlarmApi withRateTriggers(RateTriggerVersions versions, Supplier<RateTriggers> initial) {
    return new AlarmApi(store, clock, levels, new RateTriggersApi(versions, initial));
  }

  public Answer handle(String method, String path, Map<String, String> params, byte[] body) {
    try {
      if ("/api/levels".equals(path) || "/api/levels/".equals(path)) {
        if (levels == null) {
          return error(404, "review levels are not served by this process");
        }
        if ("POST".equals(method)) {
          return write(201, levels.add(body(body, LevelVersionsApi.EXAMPLE)));
        }
        if (!"GET".equals(method)) {
          return error(405, "GET or POST on " + path);
        }
        return ok(levels.history());
      }
      if ("/api/rate-triggers".equals(path) || "/api/rate-triggers/".equals(path)) {
        if (rates == null) {
          return error(404, "rate triggers are not served by this process");
        }
        if ("POST".equals(method)) {
          return write(201, rates.add(body(body, RateTriggersApi.EXAMPLE)));
        }
        if (!"GET".equals(method)) {
          return error(405, "GET or POST on " + path);
        }
        return ok(rates.history());
      }
      Matcher action = ACTION.matcher(path);
      if (action.matches()) {
        if (!"POST".equals(method)) {
          return error(405, path + " takes POST with {\"by\":\"your name\",\"comment\":\"...\"}");
        }
        long id = Long.parseLong(action.group(1));
        JsonNode json = body(body, ACK_EXAMPLE);
        String by = json.path("by").asText(null);
        String comment = json.path("comment").isNull() ? null : json.path("comment").asText(null);
        if (comment != null && comment.length() > MAX_COMMENT) {
          throw new IllegalArgumentException("comment is at most " + MAX_COMMENT + " characters");
        }
        AlarmView view =
            "acknowledge".equals(action.group(2))
                ? store.acknowledge(id, by, comment, clock.instant())
                : store.comment(id, by, comment, clock.instant());
        return ok(view);
      }
      if (!"GET".equals(method)) {
        return error(
            405, "only GET on " + path + "; acknowledge with POST /api/alarms/{id}/acknowledge");
      }
      if ("/api/alarms".equals(path) || "/api/alarms/".equals(path)) {
        String state = params.getOrDefault("state", "open");
        if (!state.equals("open") && !state.equals("all")) {
          throw new IllegalArgumentException("state must be open or all, got '" + state + "'");
        }
        return ok(Map.of("alarms", store.list(state.equals("open"), limit(params))));
      }
      Matcher one = ONE.matcher(path);
      if (one.matches()) {
        long id = Long.parseLong(one.group(1));
        AlarmView view =
            store
                .find(id)
                .orElseThrow(
                    () ->
                        new AlarmNotFoundException(
                            "no alarm " + id + "; list them at /api/alarms"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alarm", view);
        out.put("events", store.events(id).stream().map(AlarmApi::event).toList());
        out.put("deliveries", store.deliveries(id));
        return ok(out);
      }
      return error(
          404,
          "no endpoint "
              + path
              + "; try /api/alarms, /api/alarms/{id},"
              + " POST /api/alarms/{id}/acknowledge or /api/alarms/{id}/comment");
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (AlarmNotFoundException e) {
      return error(404, e.getMessage());
    } catch (AlarmConflictException e) {
      return error(409, e.getMessage());
    } catch (AlarmStoreException | BatchStoreException e) {
      LOG.warn("{} {} failed: {}", method, path, e.getMessage());
      return error(503, e.getMessage());
    }
  }

  private static Map<String, Object> event(AlarmEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at());
    m.put("event", e.event());
    m.put("from_state", e.fromState());
    m.put("to_state", e.toState());
    m.put("level", e.level());
    m.put("actor", e.actor());
    m.put("comment", e.comment());
    m.put("alert_id", e.alertId());
    m.put("reading_ts", e.ts());
    return m;
  }

  private static final String ACK_EXAMPLE = "{\"by\":\"your name\",\"comment\":\"...\"}";

  private static JsonNode body(byte[] body, String example) {
    if (body == null || body.length == 0) {
      throw new IllegalArgumentException("send a JSON body: " + example);
    }
    if (body.length > MAX_BODY) {
      throw new IllegalArgumentException("body is at most " + MAX_BODY + " bytes");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("the body must be a JSON object: " + example);
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the body is not JSON (" + e.getMessage() + "); send " + example, e);
    }
  }

  private static int limit(Map<String, String> params) {
    String v = params.get("limit");
    if (v == null || v.isBlank()) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(v.trim());
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be between 1 and 1000; got " + v);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number; got '" + v + "'", e);
    }
  }

  private static Answer ok(Object body) {
    return write(200, body);
  }

  private static Answer error(int status, String message) {
    return write(status, Map.of("error", message));
  }

  private static Answer write(int status, Object body) {
    try {
      return new Answer(status, Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write alarm API JSON", e);
    }
  }
}
