package dev.geomonitor.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.InstrumentType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The rate-of-change triggers as engineers manage them, behind {@link AlarmApi}: the history of
 * versions (who, when, why; version 0 is the alarms file's {@code rate} section) and a way to add
 * one. The database stamps {@code changed_at} and refuses an {@code effective_from} inside the
 * grace of the review levels, so a version never applies to a reading the alarm processor judged
 * before it had the version.
 *
 * <pre>
 * GET  /api/rate-triggers          {"grace":"PT15M","initial":{"types":{..},"instruments":{..}},
 *                                   "versions":[...newest first]}
 * POST /api/rate-triggers          {"instrument":"settlement_marker","borehole_number":"SM-104",
 *                                   "change":3.0,"within":"PT12H","clear_below":2.0,
 *                                   "effective_from":"2026-12-07T00:00:00Z",
 *                                   "by":"j.smith","reason":"SM-104 next to the shaft"}
 * POST /api/rate-triggers          {"instrument":"settlement_marker","borehole_number":"SM-7",
 *                                   "off":true,"by":"j.smith","reason":"reinstalled, re-zeroing"}
 * </pre>
 */
final class RateTriggersApi {
  static final String EXAMPLE =
      "{\"instrument\":\"settlement_marker\",\"borehole_number\":\"SM-104\",\"change\":5.0,"
          + "\"within\":\"P1D\",\"clear_below\":3.0,"
          + "\"effective_from\":\"(optional, ISO-8601; default: as soon as the grace allows)\","
          + "\"by\":\"your name\",\"reason\":\"why\"} (or \"off\":true instead of the rule)";
  private static final Set<String> FIELDS =
      Set.of(
          "instrument",
          "borehole_number",
          "change",
          "within",
          "clear_below",
          "off",
          "effective_from",
          "by",
          "reason");

  private final RateTriggerVersions versions;
  private final Supplier<RateTriggers> initial;

  RateTriggersApi(RateTriggerVersions versions, Supplier<RateTriggers> initial) {
    this.versions = Objects.requireNonNull(versions, "versions");
    this.initial = Objects.requireNonNull(initial, "initial");
  }

  Map<String, Object> history() {
    RateTriggerVersions.Snapshot snapshot = versions.load();
    List<RateTriggerVersion> newestFirst = new ArrayList<>(snapshot.versions());
    newestFirst.sort(Comparator.comparingLong(RateTriggerVersion::versionId).reversed());
    RateTriggers file = initial.get();
    Map<String, Object> version0 = new LinkedHashMap<>();
    version0.put("types", rules(file.byType()));
    version0.put("instruments", rules(file.byInstrument()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("grace", snapshot.grace().toString());
    out.put("initial", version0);
    out.put("versions", newestFirst.stream().map(RateTriggersApi::version).toList());
    return out;
  }

  /**
   * Validates and appends a version.
   *
   * @throws IllegalArgumentException naming the field that is wrong (a 400)
   */
  Map<String, Object> add(JsonNode body) {
    VersionRequest request = new VersionRequest(body, EXAMPLE);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field " + field + "; known: " + new java.util.TreeSet<>(FIELDS));
      }
    }
    String by = request.text("by", true);
    String reason = request.text("reason", true);
    String instrument = request.text("instrument", true);
    if (InstrumentType.fromWireName(instrument).isEmpty()) {
      throw new IllegalArgumentException(
          "instrument must be an instrument type such as settlement_marker; got '"
              + instrument
              + "'");
    }
    String borehole = request.text("borehole_number", false);
    RateTriggers.Rule rule = off(body) ? null : rule(body, request);
    Instant effectiveFrom = request.effectiveFrom();
    return version(versions.add(instrument, borehole, rule, effectiveFrom, by, reason));
  }

  private static boolean off(JsonNode body) {
    JsonNode off = body.get("off");
    if (off == null || off.isNull()) {
      return false;
    }
    if (!off.isBoolean()) {
      throw new IllegalArgumentException("off must be true or false; got " + off);
    }
    if (off.asBoolean()) {
      for (String f : List.of("change", "within", "clear_below")) {
        if (body.hasNonNull(f)) {
          throw new IllegalArgumentException(
              f + " cannot go with \"off\":true (a version is a rule or switches it off)");
        }
      }
    }
    return off.asBoolean();
  }

  private static RateTriggers.Rule rule(JsonNode body, VersionRequest request) {
    double change = request.number("change");
    if (!(change > 0)) {
      throw new IllegalArgumentException(
          "change must be a number > 0 (in the instrument's unit, either direction); got "
              + change);
    }
    String w = request.text("within", true);
    Duration within;
    try {
      within = Duration.parse(w);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "within must be an ISO-8601 duration such as P1D or PT12H; got '" + w + "'", e);
    }
    if (within.isNegative() || within.isZero()) {
      throw new IllegalArgumentException("within must be a positive duration; got " + w);
    }
    double clearBelow = body.hasNonNull("clear_below") ? request.number("clear_below") : change;
    if (!(clearBelow > 0) || clearBelow > change) {
      throw new IllegalArgumentException(
          "clear_below must be > 0 and <= change ("
              + change
              + "): the alarm clears when the change is back below it; got "
              + clearBelow);
    }
    return new RateTriggers.Rule(change, within, clearBelow);
  }

  private static Map<String, Object> rules(Map<String, RateTriggers.Rule> rules) {
    Map<String, Object> out = new TreeMap<>();
    rules.forEach((scope, rule) -> out.put(scope, rule(rule)));
    return out;
  }

  private static Map<String, Object> rule(RateTriggers.Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("change", r.change());
    m.put("within", r.within().toString());
    m.put("clear_below", r.clearBelow());
    return m;
  }

  private static Map<String, Object> version(RateTriggerVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version_id", v.versionId());
    m.put("instrument", v.instrument());
    m.put("borehole_number", v.boreholeNumber());
    m.put("off", v.rule() == null);
    m.put("change", v.rule() == null ? null : v.rule().change());
    m.put("within", v.rule() == null ? null : v.rule().within().toString());
    m.put("clear_below", v.rule() == null ? null : v.rule().clearBelow());
    m.put("effective_from", v.effectiveFrom().toString());
    m.put("changed_by", v.changedBy());
    m.put("changed_at", v.changedAt().toString());
    m.put("reason", v.reason());
    return m;
  }
}
