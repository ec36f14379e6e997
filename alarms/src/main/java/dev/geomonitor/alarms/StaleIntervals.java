package dev.geomonitor.alarms;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How often each instrument is expected to report: per instrument type, overridden per instrument.
 * An instrument with no interval (type not listed, no default) is never reported stale: manual dips
 * may come weekly.
 *
 * @param byType e.g. {@code water_standpipe → PT15M}
 * @param byInstrument keyed {@code instrument:borehole_number}, e.g. {@code water_standpipe:BH-9037
 *     → P7D}
 * @param fallback for types not listed; null: not watched
 */
public record StaleIntervals(
    Map<String, Duration> byType, Map<String, Duration> byInstrument, Duration fallback) {

  public static final StaleIntervals NONE = new StaleIntervals(Map.of(), Map.of(), null);

  public StaleIntervals {
    byType = Map.copyOf(byType);
    byInstrument = Map.copyOf(byInstrument);
    byType.forEach(StaleIntervals::check);
    byInstrument.forEach(StaleIntervals::check);
    if (fallback != null) {
      check("default", fallback);
    }
  }

  public Optional<Duration> intervalOf(String instrument, String boreholeNumber) {
    Duration own = byInstrument.get(instrument + ":" + boreholeNumber);
    if (own != null) {
      return Optional.of(own);
    }
    return Optional.ofNullable(byType.getOrDefault(instrument, fallback));
  }

  private static void check(String name, Duration interval) {
    Objects.requireNonNull(interval, name);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "stale interval of " + name + " must be a positive ISO-8601 duration, got " + interval);
    }
  }
}
