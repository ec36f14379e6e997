package dev.geomonitor.job;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.WindowAggregate;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Running statistics of one instrument over one open event-time tumbling window, kept in the
 * per-instrument state (a Java bean for Spark's encoder). Windows are aligned to the epoch, as
 * Spark's {@code window()} aligns them.
 */
public class WindowStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private String size;
  private Instant start;
  private long count;
  private double min;
  private double max;
  private double sum;
  private double first;
  private Instant firstTs;
  private double last;
  private Instant lastTs;
  private String unit;
  private double lat;
  private double lon;
  private long revision = -1;

  public WindowStats() {}

  /** The start of the window of {@code size} that holds {@code ts}. */
  static Instant windowStart(Instant ts, Duration size) {
    long micros =
        Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000);
    long sizeMicros = size.toNanos() / 1_000;
    long start = Math.floorDiv(micros, sizeMicros) * sizeMicros;
    return Instant.ofEpochSecond(
        Math.floorDiv(start, 1_000_000L), Math.floorMod(start, 1_000_000L) * 1_000L);
  }

  static WindowStats open(Duration size, Instant start) {
    WindowStats w = new WindowStats();
    w.size = size.toString();
    w.start = start;
    return w;
  }

  Instant end() {
    return start.plus(Duration.parse(size));
  }

  /**
   * Counts {@code r}, read from raw-log offset {@code offset}. The revision becomes the newest
   * offset counted: every change of the window is made by a record later in the raw log than the
   * ones before (a series lives in one partition and is processed in offset order), so the revision
   * grows with every change and is a function of the log.
   */
  void add(EnrichedReading r, long offset) {
    revision = Math.max(revision, offset);
    double v = r.value();
    if (count == 0) {
      min = v;
      max = v;
      first = v;
      firstTs = r.ts();
      last = v;
      lastTs = r.ts();
    } else {
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (r.ts().isBefore(firstTs)) {
        first = v;
        firstTs = r.ts();
      }
      if (r.ts().isAfter(lastTs)) {
        last = v;
        lastTs = r.ts();
      }
    }
    count++;
    sum += v;
    unit = unit == null || r.unit().compareTo(unit) > 0 ? r.unit() : unit;
    lat = count == 1 ? r.lat() : Math.max(lat, r.lat());
    lon = count == 1 ? r.lon() : Math.max(lon, r.lon());
  }

  WindowAggregate toAggregate(
      String pipelineVersion, String instrument, String boreholeNumber, String axis) {
    return new WindowAggregate(
        NaturalKeys.aggregateId(instrument, boreholeNumber, axis, size, start),
        pipelineVersion,
        instrument,
        boreholeNumber,
        start,
        end(),
        size,
        count,
        min,
        max,
        sum / count,
        first,
        last,
        ratePerHour(first, last, firstTs, lastTs),
        unit,
        lat,
        lon,
        revision);
  }

  /** (last − first) per hour between the first and last reading; null when they coincide. */
  static Double ratePerHour(double first, double last, Instant firstTs, Instant lastTs) {
    long millis = Duration.between(firstTs, lastTs).toMillis();
    return millis <= 0 ? null : (last - first) * 3_600_000.0 / millis;
  }

  public long getRevision() {
    return revision;
  }

  public void setRevision(long revision) {
    this.revision = revision;
  }

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public Instant getStart() {
    return start;
  }

  public void setStart(Instant start) {
    this.start = start;
  }

  public long getCount() {
    return count;
  }

  public void setCount(long count) {
    this.count = count;
  }

  public double getMin() {
    return min;
  }

  public void setMin(double min) {
    this.min = min;
  }

  public double getMax() {
    return max;
  }

  public void setMax(double max) {
    this.max = max;
  }

  public double getSum() {
    return sum;
  }

  public void setSum(double sum) {
    this.sum = sum;
  }

  public double getFirst() {
    return first;
  }

  public void setFirst(double first) {
    this.first = first;
  }

  public Instant getFirstTs() {
    return firstTs;
  }

  public void setFirstTs(Instant firstTs) {
    this.firstTs = firstTs;
  }

  public double getLast() {
    return last;
  }

  public void setLast(double last) {
    this.last = last;
  }

  public Instant getLastTs() {
    return lastTs;
  }

  public void setLastTs(Instant lastTs) {
    this.lastTs = lastTs;
  }

  public String getUnit() {
    return unit;
  }

  public void setUnit(String unit) {
    this.unit = unit;
  }

  public double getLat() {
    return lat;
  }

  public void setLat(double lat) {
    this.lat = lat;
  }

  public double getLon() {
    return lon;
  }

  public void setLon(double lon) {
    this.lon = lon;
  }
}
