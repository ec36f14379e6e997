package dev.geomonitor.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.alarms.notify.NotificationRoutes;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The site's alarm configuration, one JSON file a site engineer edits ({@code ALARMS_FILE}; the
 * defaults are {@code alarms-default.json} in this module): acknowledgement deadlines and
 * escalation per level, recipient groups, the rate limit, the clear hold and the instrument watch.
 * See the module README for every field.
 */
public record AlarmsFile(AlarmPolicy policy, NotificationRoutes routes, RateLimit rateLimit) {
  static final String DEFAULT_RESOURCE = "/dev/geomonitor/alarms/alarms-default.json";
  static final Set<String> LEVELS = Set.of("ALERT", "ALARM", "ACTION", "STALE", "FLATLINE", "RATE");
  private static final Set<String> TOP_FIELDS =
      Set.of(
          "clear_hold",
          "rate_limit",
          "flatline_count",
          "stale",
          "rate",
          "groups",
          "levels",
          "description");

  /** The defaults shipped with the module: deadlines and intervals, no recipients. */
  public static AlarmsFile defaults() {
    try (InputStream in = AlarmsFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return parse(
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  public static AlarmsFile read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the alarms file " + file + " (ALARMS_FILE): " + e.getMessage(), e);
    }
  }

  public static AlarmsFile parse(String json, String source) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + " must hold a JSON object; see alarms/README.md");
    }
    try {
      unknown(root, TOP_FIELDS, "");
      Map<String, NotificationRoutes.Group> groups = groups(root.path("groups"));
      Map<String, AlarmPolicy.LevelPolicy> levels = new HashMap<>();
      Map<String, NotificationRoutes.LevelRoute> routes = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("levels").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String level = e.getKey().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
          throw new IllegalArgumentException(
              "levels." + e.getKey() + " is not a level; use one of " + LEVELS);
        }
        JsonNode node = e.getValue();
        unknown(
            node,
            Set.of("ack_within", "notify", "escalate", "remind_every"),
            "levels." + level + ".");
        List<String> notify = names(node.path("notify"), "levels." + level + ".notify", groups);
        List<List<String>> escalate = new ArrayList<>();
        int step = 0;
        for (JsonNode tier : node.path("escalate")) {
          step++;
          escalate.add(names(tier, "levels." + level + ".escalate[" + step + "]", groups));
        }
        Duration ack = duration(node.path("ack_within"), "levels." + level + ".ack_within", null);
        if (ack == null) {
          throw new IllegalArgumentException(
              "levels." + level + ".ack_within is required (e.g. \"PT30M\")");
        }
        levels.put(
            level,
            new AlarmPolicy.LevelPolicy(
                ack,
                escalate.size(),
                duration(node.path("remind_every"), "levels." + level + ".remind_every", null)));
        routes.put(level, new NotificationRoutes.LevelRoute(notify, escalate));
      }
      JsonNode limit = root.path("rate_limit");
      RateLimit rateLimit =
          limit.isMissingNode()
              ? RateLimit.DEFAULT
              : new RateLimit(
                  limit.path("max_messages").asInt(RateLimit.DEFAULT.maxMessages()),
                  duration(limit.path("per"), "rate_limit.per", RateLimit.DEFAULT.per()));
      JsonNode stale = root.path("stale");
      unknown(stale, Set.of("default", "types", "instruments"), "stale.");
      StaleIntervals intervals =
          new StaleIntervals(
              durations(stale.path("types"), "stale.types"),
              durations(stale.path("instruments"), "stale.instruments"),
              duration(stale.path("default"), "stale.default", null));
      JsonNode rate = root.path("rate");
      unknown(rate, Set.of("types", "instruments"), "rate.");
      RateTriggers rates =
          new RateTriggers(
              rules(rate.path("types"), "rate.types"),
              rules(rate.path("instruments"), "rate.instruments"));
      AlarmPolicy policy =
          new AlarmPolicy(
              levels,
              duration(root.path("clear_hold"), "clear_hold", Duration.ofMinutes(15)),
              intervals,
              root.path("flatline_count").asInt(0),
              rates);
      return new AlarmsFile(policy, new NotificationRoutes(groups, routes), rateLimit);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, NotificationRoutes.Group> groups(JsonNode node) {
    Map<String, NotificationRoutes.Group> groups = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      unknown(e.getValue(), Set.of("email", "webhooks"), "groups." + e.getKey() + ".");
      List<String> email = new ArrayList<>();
      e.getValue().path("email").forEach(n -> email.add(n.asText()));
      List<String> hooks = new ArrayList<>();
      e.getValue().path("webhooks").forEach(n -> hooks.add(n.asText()));
      groups.put(e.getKey(), new NotificationRoutes.Group(e.getKey(), email, hooks));
    }
    return groups;
  }

  private static List<String> names(
      JsonNode node, String field, Map<String, NotificationRoutes.Group> groups) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!groups.containsKey(n.asText())) {
        throw new IllegalArgumentException(
            field
                + " names group '"
                + n.asText()
                + "', which is not under \"groups\""
                + " (known: "
                + groups.keySet()
                + ")");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static Map<String, RateTriggers.Rule> rules(JsonNode node, String field) {
    Map<String, RateTriggers.Rule> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = field + "." + e.getKey();
      JsonNode r = e.getValue();
      unknown(r, Set.of("change", "within", "clear_below"), name + ".");
      if (!r.path("change").isNumber()) {
        throw new IllegalArgumentException(
            name + ".change is required: a number in the instrument's unit (e.g. 5.0)");
      }
      Duration within = duration(r.path("within"), name + ".within", null);
      if (within == null) {
        throw new IllegalArgumentException(name + ".within is required (e.g. \"P1D\")");
      }
      double change = r.path("change").asDouble();
      try {
        out.put(
            e.getKey(),
            new RateTriggers.Rule(change, within, r.path("clear_below").asDouble(change)));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(name + ": " + bad.getMessage(), bad);
      }
    }
    return out;
  }

  private static Map<String, Duration> durations(JsonNode node, String field) {
    Map<String, Duration> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), duration(e.getValue(), field + "." + e.getKey(), null));
    }
    return out;
  }

  private static Duration duration(JsonNode node, String field, Duration fallback) {
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    try {
      return Duration.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " must be an ISO-8601 duration such as PT15M or P1D, got '" + node.asText() + "'",
          e);
    }
  }

  private static void unknown(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown field " + prefix + name + "; known: " + known);
      }
    }
  }
}
