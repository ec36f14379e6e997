package dev.geomonitor.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.batchstore.TriggerLevelVersions;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevelVersion;
import dev.geomonitor.domain.TriggerLevels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The review levels as engineers manage them, behind {@link AlarmApi}: the history of versions
 * (who, when, why; version 0 is the job's shipped defaults and trigger-levels file) and a way to
 * add one. The database stamps {@code changed_at} and refuses an {@code effective_from} inside the
 * grace, so a version never takes effect before the running job has loaded it.
 *
 * <pre>
 * GET  /api/levels                    {"grace":"PT15M","initial":[...],"versions":[...newest first]}
 * POST /api/levels                    {"instrument":"water_standpipe","borehole_number":"BH-9037",
 *                                      "direction":"FALL","baseline":84.2,"alert":1,"alarm":2,
 *                                      "action":3,"persistence":2,"hysteresis":0.2,
 *                                      "effective_from":"2026-12-07T00:00:00Z",
 *                                      "by":"j.smith","reason":"baseline reset after repair"}
 * </pre>
 */
final class LevelVersionsApi {
  static final String EXAMPLE =
      "{\"instrument\":\"water_standpipe\",\"borehole_number\":\"BH-9037\",\"direction\":\"BOTH\","
          + "\"baseline\":84.2,\"alert\":1,\"alarm\":2,\"action\":3,"
          + "\"persistence\":\"(optional, consecutive readings; default 1)\","
          + "\"hysteresis\":\"(optional, clearing band below each level; default 0)\","
          + "\"effective_from\":\"(optional, ISO-8601; default: as soon as the grace allows)\","
          + "\"by\":\"your name\",\"reason\":\"why\"}";

  private final TriggerLevelVersions versions;
  private final Supplier<TriggerLevelCatalog> initial;

  LevelVersionsApi(TriggerLevelVersions versions, Supplier<TriggerLevelCatalog> initial) {
    this.versions = Objects.requireNonNull(versions, "versions");
    this.initial = Objects.requireNonNull(initial, "initial");
  }

  Map<String, Object> history() {
    TriggerLevelVersions.Snapshot snapshot = versions.load();
    List<TriggerLevelVersion> newestFirst = new ArrayList<>(snapshot.versions());
    newestFirst.sort(Comparator.comparingLong(TriggerLevelVersion::versionId).reversed());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("grace", snapshot.grace().toString());
    out.put("initial", initial.get().all().stream().map(LevelVersionsApi::levels).toList());
    out.put("versions", newestFirst.stream().map(LevelVersionsApi::version).toList());
    return out;
  }

  /**
   * Validates and appends a version.
   *
   * @throws IllegalArgumentException with what is wrong (a 400)
   */
  Map<String, Object> add(JsonNode body) {
    VersionRequest request = new VersionRequest(body, EXAMPLE);
    String by = request.text("by", true);
    String reason = request.text("reason", true);
    String instrument = request.text("instrument", true);
    String borehole = request.text("borehole_number", false);
    String direction = request.text("direction", false);
    TriggerLevels.Direction d;
    try {
      d =
          direction == null
              ? TriggerLevels.Direction.BOTH
              : TriggerLevels.Direction.valueOf(direction.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "direction must be RISE, FALL or BOTH; got '" + direction + "'", e);
    }
    Double baseline = body.hasNonNull("baseline") ? request.number("baseline") : null;
    TriggerLevels levels =
        new TriggerLevels(
            instrument,
            borehole,
            d,
            baseline,
            request.number("alert"),
            request.number("alarm"),
            request.number("action"),
            body.hasNonNull("persistence") ? count(body, "persistence") : null,
            body.hasNonNull("hysteresis") ? request.number("hysteresis") : null);
    Instant effectiveFrom = request.effectiveFrom();
    return version(versions.add(levels, effectiveFrom, by, reason));
  }

  private static int count(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(
          field + " must be a whole number of consecutive readings; send " + EXAMPLE);
    }
    return v.asInt();
  }

  private static Map<String, Object> levels(TriggerLevels l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instrument", l.instrument());
    m.put("borehole_number", l.boreholeNumber());
    m.put("direction", l.direction().name());
    m.put("baseline", l.baseline());
    m.put("alert", l.alert());
    m.put("alarm", l.alarm());
    m.put("action", l.action());
    m.put("persistence", l.persistence());
    m.put("hysteresis", l.hysteresis());
    return m;
  }

  private static Map<String, Object> version(TriggerLevelVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version_id", v.versionId());
    m.putAll(levels(v.levels()));
    m.put("effective_from", v.effectiveFrom().toString());
    m.put("changed_by", v.changedBy());
    m.put("changed_at", v.changedAt().toString());
    m.put("reason", v.reason());
    return m;
  }
}
