package dev.geomonitor.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated raw log the way a real site fills it, from a seed: several series (standpipes, a
 * piezometer, one settlement point with x/y/z series under one name) whose values walk across their
 * trigger levels, delivered with every real-site fault: out of order, late single readings,
 * buffered bursts, repeats, corrected re-issues, readings older than the horizon and a few poison
 * records.
 */
final class SiteLog {
  static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

  /** After every reading, so none is in the future. */
  static final Instant FETCHED = START.plus(Duration.ofDays(1));

  final List<byte[]> values = new ArrayList<>();
  final List<String> keys = new ArrayList<>();
  int late;
  int buffered;
  int repeats;
  int corrections;
  int beyondHorizon;

  /** One record of a series, before it is placed in the log. */
  private record Record(String key, byte[] value, Instant ts, String series) {}

  static SiteLog generate(long seed, int readingsPerSeries) {
    Random random = new Random(seed);
    List<List<Record>> series = new ArrayList<>();
    for (String borehole : List.of("BH-1", "BH-2")) {
      series.add(standpipe(random, borehole, readingsPerSeries));
    }
    series.add(piezometer(random, "PZ-1", readingsPerSeries));
    for (String axis : List.of("x", "y", "z")) {
      series.add(settlement(random, "SM-1", axis, readingsPerSeries));
    }
    SiteLog log = new SiteLog();
    List<List<Record>> delivered = new ArrayList<>();
    for (List<Record> s : series) {
      delivered.add(log.disturb(random, s));
    }
    log.interleave(random, delivered);
    for (PoisonCorpus.Poison p : PoisonCorpus.all().subList(0, 3)) {
      int at = random.nextInt(log.values.size() + 1);
      log.values.add(at, p.value());
      log.keys.add(at, "poison:" + p.kind());
    }
    return log;
  }

  int size() {
    return values.size();
  }

  String describe() {
    return size()
        + " records: "
        + late
        + " late, "
        + buffered
        + " buffered, "
        + repeats
        + " repeated, "
        + corrections
        + " corrected, "
        + beyondHorizon
        + " beyond the horizon, 3 poison";
  }

  /** Applies the faults to one series' readings in time order; returns them in delivery order. */
  private List<Record> disturb(Random random, List<Record> inTimeOrder) {
    List<Record> out = new ArrayList<>(inTimeOrder);
    // A buffered burst: a logger uploads a run of readings after later ones.
    int burstStart = 2 + random.nextInt(out.size() / 2);
    int burstLength = 2 + random.nextInt(3);
    List<Record> burst = new ArrayList<>(out.subList(burstStart, burstStart + burstLength));
    out.subList(burstStart, burstStart + burstLength).clear();
    out.addAll(Math.min(out.size(), burstStart + 3 + random.nextInt(4)), burst);
    buffered += burstLength;
    // Single late readings and swapped neighbours (two uploads arriving in either order).
    for (int i = 0; i < 2; i++) {
      int from = random.nextInt(out.size() - 4);
      Record r = out.remove(from);
      out.add(from + 2 + random.nextInt(3), r);
      late++;
    }
    // Repeats (a producer re-polling) and a corrected re-issue of an already delivered reading.
    for (int i = 0; i < 2; i++) {
      int at = random.nextInt(out.size());
      out.add(at + 1 + random.nextInt(out.size() - at), out.get(at));
      repeats++;
    }
    Record corrected = out.get(random.nextInt(out.size() / 2));
    out.add(
        out.size() / 2 + random.nextInt(out.size() / 2),
        corrected(corrected, 0.25 + random.nextInt(4)));
    corrections++;
    // A manual dip three hours older than everything else, arriving last: beyond the two-hour
    // horizon.
    Record first = inTimeOrder.get(0);
    out.add(withTime(first, first.ts().minus(Duration.ofHours(3)), 0.1));
    beyondHorizon++;
    return out;
  }

  private void interleave(Random random, List<List<Record>> delivered) {
    int[] next = new int[delivered.size()];
    int remaining = delivered.stream().mapToInt(List::size).sum();
    while (remaining > 0) {
      int s = random.nextInt(delivered.size());
      if (next[s] < delivered.get(s).size()) {
        Record r = delivered.get(s).get(next[s]++);
        values.add(r.value());
        keys.add(r.key());
        remaining--;
      }
    }
  }

  private static List<Record> standpipe(Random random, String borehole, int n) {
    List<Record> out = new ArrayList<>();
    double level = 80.0;
    for (int i = 0; i < n; i++) {
      Instant ts = START.plus(Duration.ofMinutes(i));
      ObjectNode item = RawRecords.v1Standpipe(borehole, ts.toString(), round(level));
      out.add(
          new Record("water_standpipe:" + borehole, RawRecords.v1(item, FETCHED), ts, borehole));
      level += random.nextGaussian() * 0.8 + 0.15;
    }
    return out;
  }

  private static List<Record> piezometer(Random random, String borehole, int n) {
    List<Record> out = new ArrayList<>();
    double kpa = 120.0;
    for (int i = 0; i < n; i++) {
      Instant ts = START.plus(Duration.ofMinutes(i)).plusSeconds(20);
      ObjectNode item = RawRecords.v2Item("piezometer", borehole, ts.toString(), round(kpa));
      out.add(
          new Record(
              "piezometer:" + borehole,
              RawRecords.raw("v2", "/params/all/", null, FETCHED, item),
              ts,
              borehole));
      kpa += random.nextGaussian() * 15;
    }
    return out;
  }

  private static List<Record> settlement(Random random, String point, String axis, int n) {
    List<Record> out = new ArrayList<>();
    double mm = 0.0;
    for (int i = 0; i < n; i++) {
      // The three axes share timestamps: only the axis tells their series apart.
      Instant ts = START.plus(Duration.ofMinutes(i)).plusSeconds(40);
      ObjectNode item = RawRecords.v2Item("settlement_marker", point, ts.toString(), round(mm));
      item.put("axis", axis);
      out.add(
          new Record(
              "settlement_marker:" + point,
              RawRecords.raw("v2", "/params/all/", null, FETCHED, item),
              ts,
              point + ":" + axis));
      mm += random.nextGaussian() * 5 - 1.0;
    }
    return out;
  }

  private static Record corrected(Record r, double delta) {
    return withTime(r, r.ts(), delta);
  }

  /** The same record with another timestamp and its value shifted by {@code delta}. */
  private static Record withTime(Record r, Instant ts, double delta) {
    ObjectNode raw = (ObjectNode) read(r.value());
    ObjectNode item = (ObjectNode) raw.get("item");
    item.put("timestamp", ts.toString());
    String field = item.has("water_level") ? "water_level" : "reading";
    item.put(field, round(item.get(field).asDouble() + delta));
    raw.set("item", item);
    return new Record(
        r.key(), raw.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), ts, r.series());
  }

  private static com.fasterxml.jackson.databind.JsonNode read(byte[] json) {
    try {
      return dev.geomonitor.domain.Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
