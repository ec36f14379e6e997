package dev.geomonitor.local.page;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.InstrumentType;
import dev.geomonitor.domain.LatLon;
import dev.geomonitor.domain.MgaProjection;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small fixed site for page tests: twelve instruments along a tunnel alignment in Melbourne, each
 * with a two-hour minute-by-minute series whose statuses follow the default trigger levels. One
 * standpipe (BH-9037) draws down into ALARM, one settlement marker (SM-104) settles into ACTION.
 */
final class StubSite implements LiveReadings, BatchViews, PipelineHealth {

  static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
  static final int READINGS_PER_INSTRUMENT = 120;
  static final TriggerLevelCatalog LEVELS = TriggerLevelCatalog.defaults();

  /** instrument type, borehole, easting, northing, baseline, total change over the series. */
  private record Spec(
      InstrumentType type,
      String borehole,
      double easting,
      double northing,
      double baseline,
      double change) {}

  private static final List<Spec> SPECS =
      List.of(
          new Spec(InstrumentType.WATER_STANDPIPE, "BH-9037", 320_150, 5_813_020, 86.25, -2.4),
          new Spec(InstrumentType.WATER_STANDPIPE, "BH-9038", 320_620, 5_813_380, 85.90, -1.3),
          new Spec(InstrumentType.WATER_STANDPIPE, "BH-9041", 321_100, 5_813_710, 84.70, -0.4),
          new Spec(InstrumentType.WATER_STANDPIPE, "BH-9044", 321_640, 5_814_050, 83.95, 0.2),
          new Spec(InstrumentType.PIEZOMETER, "PZ-201", 320_380, 5_813_150, 140.0, -24.0),
          new Spec(InstrumentType.PIEZOMETER, "PZ-202", 320_900, 5_813_560, 152.0, -8.0),
          new Spec(InstrumentType.PIEZOMETER, "PZ-203", 321_420, 5_813_930, 148.0, 4.0),
          new Spec(InstrumentType.SETTLEMENT_MARKER, "SM-101", 319_900, 5_812_870, 0.0, -3.0),
          new Spec(InstrumentType.SETTLEMENT_MARKER, "SM-102", 320_300, 5_813_300, 0.0, -6.0),
          new Spec(InstrumentType.SETTLEMENT_MARKER, "SM-104", 320_760, 5_813_450, 0.0, -33.0),
          new Spec(InstrumentType.SETTLEMENT_MARKER, "SM-106", 321_250, 5_813_800, 0.0, -12.5),
          new Spec(InstrumentType.EXTENSOMETER, "EX-11", 321_900, 5_814_260, 0.0, 1.5));

  static final int INSTRUMENTS = SPECS.size();

  private final Map<String, List<EnrichedReading>> series = new LinkedHashMap<>();
  private final List<StatusAlert> alerts = new ArrayList<>();

  StubSite() {
    MgaProjection projection = new MgaProjection();
    for (Spec spec : SPECS) {
      LatLon ll = projection.toLatLon(spec.easting(), spec.northing());
      TriggerLevels levels = LEVELS.levelsFor(spec.type().wireName(), spec.borehole());
      List<EnrichedReading> readings = new ArrayList<>();
      TriggerStatus previous = TriggerStatus.NORMAL;
      for (int i = 0; i < READINGS_PER_INSTRUMENT; i++) {
        Instant ts = START.plus(Duration.ofMinutes(i));
        double progress = i / (double) (READINGS_PER_INSTRUMENT - 1);
        // Smooth S-curve plus a small deterministic ripple: looks like a real drawdown or
        // settlement trough.
        double shape = progress * progress * (3 - 2 * progress);
        double value =
            spec.baseline()
                + spec.change() * shape
                + 0.02 * Math.abs(spec.change()) * Math.sin(i / 3.0);
        TriggerStatus status = levels.statusOf(value, spec.baseline());
        String id = NaturalKeys.readingId(spec.type().wireName(), spec.borehole(), ts);
        readings.add(
            new EnrichedReading(
                id,
                "v1",
                spec.type().wireName(),
                spec.borehole(),
                null,
                ts,
                value,
                spec.type().unit(),
                spec.type().quantity(),
                null,
                spec.northing(),
                spec.easting(),
                ll.lat(),
                ll.lon(),
                null,
                spec.baseline(),
                value - spec.baseline(),
                null,
                status,
                "v2",
                ts.plusSeconds(2)));
        if (status != previous) {
          alerts.add(
              new StatusAlert(
                  NaturalKeys.alertId(spec.type().wireName(), spec.borehole(), ts, status),
                  "v1",
                  spec.type().wireName(),
                  spec.borehole(),
                  ts,
                  previous,
                  status,
                  value,
                  spec.baseline(),
                  value - spec.baseline(),
                  levels.levelOf(status),
                  spec.type().unit(),
                  ll.lat(),
                  ll.lon(),
                  id));
          previous = status;
        }
      }
      series.put(spec.type().wireName() + ":" + spec.borehole(), readings);
    }
    // Newest first; ties in the order the SQL and search readers use.
    alerts.sort(
        Comparator.comparing(StatusAlert::ts)
            .reversed()
            .thenComparing(StatusAlert::instrument)
            .thenComparing(StatusAlert::boreholeNumber));
  }

  @Override
  public List<EnrichedReading> latestPerInstrument() {
    return series.values().stream().map(s -> s.get(s.size() - 1)).toList();
  }

  @Override
  public List<EnrichedReading> series(String instrument, String boreholeNumber, int limit) {
    List<EnrichedReading> all = series.getOrDefault(instrument + ":" + boreholeNumber, List.of());
    return all.subList(Math.max(0, all.size() - limit), all.size());
  }

  @Override
  public List<StatusAlert> latestAlerts(int limit) {
    return alerts.subList(0, Math.min(limit, alerts.size()));
  }

  List<StatusAlert> allAlerts() {
    return List.copyOf(alerts);
  }

  @Override
  public List<DailySummary> dailySummary(int limit) {
    LocalDate day = START.atZone(ZoneOffset.UTC).toLocalDate();
    List<DailySummary> rows = new ArrayList<>();
    for (List<EnrichedReading> s : series.values()) {
      EnrichedReading last = s.get(s.size() - 1);
      double min = s.stream().mapToDouble(EnrichedReading::value).min().orElseThrow();
      double max = s.stream().mapToDouble(EnrichedReading::value).max().orElseThrow();
      double mean = s.stream().mapToDouble(EnrichedReading::value).average().orElseThrow();
      rows.add(
          new DailySummary(
              day,
              last.instrument(),
              last.boreholeNumber(),
              s.size(),
              min,
              max,
              mean,
              last.value(),
              last.ts(),
              last.unit()));
    }
    return rows.subList(0, Math.min(limit, rows.size()));
  }

  @Override
  public List<Exceedance> exceedanceHistory(int limit) {
    List<Exceedance> rows = new ArrayList<>();
    for (int i = 0; i < alerts.size() && rows.size() < limit; i++) {
      StatusAlert a = alerts.get(i);
      StatusAlert next =
          alerts.stream()
              .filter(b -> b.boreholeNumber().equals(a.boreholeNumber()) && b.ts().isAfter(a.ts()))
              .min(Comparator.comparing(StatusAlert::ts))
              .orElse(null);
      rows.add(
          new Exceedance(
              a.instrument(),
              a.boreholeNumber(),
              a.status().name(),
              a.previousStatus().name(),
              a.ts(),
              next == null ? null : next.ts(),
              next == null ? null : Duration.between(a.ts(), next.ts()),
              next == null,
              a.value(),
              a.level(),
              a.unit()));
    }
    return rows;
  }

  @Override
  public HealthSnapshot snapshot() {
    return new HealthSnapshot(
        START.plus(Duration.ofHours(2)),
        "v1",
        412.5,
        30,
        37L,
        6,
        "simulator http://127.0.0.1:8081 /params/all/ (v1)",
        List.of(
            new HealthSnapshot.StageCount("polled", 1452),
            new HealthSnapshot.StageCount("raw", 1446),
            new HealthSnapshot.StageCount("readings", 1440),
            new HealthSnapshot.StageCount("aggregates", 288),
            new HealthSnapshot.StageCount("alerts", alerts.size()),
            new HealthSnapshot.StageCount("dlq", 6),
            new HealthSnapshot.StageCount("indexed", 1440)));
  }

  /** The latest status of one instrument, as the fixture computed it. */
  TriggerStatus latestStatus(String borehole) {
    return series.entrySet().stream()
        .filter(e -> e.getKey().endsWith(":" + borehole))
        .map(e -> e.getValue().get(e.getValue().size() - 1).triggerStatus())
        .findFirst()
        .orElseThrow();
  }
}
