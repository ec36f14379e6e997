package dev.geomonitor.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.ApiItem;
import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiVersion;
import dev.geomonitor.domain.InstrumentType;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.RawReading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reproducible raw-topic records: valid v2 items of all five instrument types over a fixed set of
 * instruments, each instrument reading once per round, fetched just after its timestamp so the
 * validator accepts every one.
 */
public final class Workload {
  /** Each instrument reads once per round; one second keeps every reading id distinct. */
  static final Duration ROUND = Duration.ofSeconds(1);

  /**
   * How long after its timestamp a reading is fetched: well inside the validator's lateness
   * allowance.
   */
  static final Duration FETCH_DELAY = Duration.ofSeconds(2);

  private final long seed;
  private final int instruments;

  public Workload(long seed, int instruments) {
    if (instruments < InstrumentType.values().length) {
      throw new IllegalArgumentException(
          "--instruments must be at least "
              + InstrumentType.values().length
              + " (one per type), got "
              + instruments);
    }
    this.seed = seed;
    this.instruments = instruments;
  }

  int instruments() {
    return instruments;
  }

  /** One raw record ready to send: key, value bytes, and the reading id the job will give it. */
  public record RawRecord(String key, byte[] value, String readingId) {
    public int size() {
      return value.length;
    }
  }

  /**
   * {@code n} readings starting at {@code start}: round r holds one reading per instrument at start
   * + r seconds.
   */
  public List<RawRecord> backlog(int n, Instant start) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RawRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Instant ts = start.plus(ROUND.multipliedBy(i / instruments)).plusMillis(i % instruments);
      out.add(reading(i % instruments, ts, ts.plus(FETCH_DELAY), random));
    }
    return out;
  }

  /**
   * One reading of instrument {@code index % instruments}, fetched at {@code fetchedAt} (freshness
   * probes).
   */
  public RawRecord reading(long index, Instant timestamp, Instant fetchedAt) {
    return reading(
        (int) (index % instruments), timestamp, fetchedAt, new SplittableRandom(seed ^ index));
  }

  /**
   * A standpipe outside the background instruments ({@code BH-X0000}, {@code BH-X0001}, ...), so
   * its first reading is its baseline and nothing else moves it: {@code crossed=false} reads at
   * {@link #CROSSING_BASELINE}, {@code crossed=true} {@link #CROSSING_RISE} above it, past the
   * shipped standpipe Alarm level (2 m) and short of Action (3 m). Each {@code n} thus raises one
   * new alarm at the Alarm level. Fetched at its timestamp, as the freshness probes are.
   */
  public RawRecord standpipeCrossing(int n, Instant ts, boolean crossed) {
    double value = CROSSING_BASELINE + (crossed ? CROSSING_RISE : 0);
    return record(InstrumentType.WATER_STANDPIPE, crossingBorehole(n), n, value, ts, ts);
  }

  static final double CROSSING_BASELINE = 76.0;
  static final double CROSSING_RISE = 2.5;

  /** The borehole of crossing {@code n}: what its e-mail and webhook name. */
  public static String crossingBorehole(int n) {
    return String.format("BH-X%04d", n);
  }

  private RawRecord reading(
      int instrument, Instant ts, Instant fetchedAt, SplittableRandom random) {
    InstrumentType type = InstrumentType.values()[instrument % InstrumentType.values().length];
    String borehole = String.format("BH-%04d", instrument);
    return record(type, borehole, instrument, value(type, instrument, random), ts, fetchedAt);
  }

  private RawRecord record(
      InstrumentType type,
      String borehole,
      int instrument,
      double value,
      Instant ts,
      Instant fetchedAt) {
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.put("borehole_number", borehole);
    item.put("instrument", type.wireName());
    if (type == InstrumentType.WATER_STANDPIPE) {
      item.put("surface_level", 80.0 + instrument % 10);
    }
    // A fixed spot per instrument inside the MGA55 site grid (N 5,810,000-5,816,000, E
    // 316,000-325,000).
    item.put("northing", 5_810_500 + (instrument * 37L) % 5_000);
    item.put("easting", 316_500 + (instrument * 53L) % 8_000);
    item.put("reading", Math.round(value * 1000) / 1000.0);
    item.put("timestamp", NaturalKeys.timestamp(ts));
    String json;
    try {
      json = Json.MAPPER.writeValueAsString(item);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an ObjectNode always serializes", e);
    }
    ApiItem apiItem = new ApiItem(json, item);
    ApiResponse response =
        new ApiResponse(ApiVersion.V2, null, units(type), "UTC", 1, List.of(apiItem));
    RawReading raw = RawReading.of(response, apiItem, endpoint(type), fetchedAt, "bench-" + seed);
    return new RawRecord(
        RawReading.keyOf(item),
        raw.toJsonBytes(),
        NaturalKeys.readingId(type.wireName(), borehole, ts));
  }

  private static double value(InstrumentType type, int instrument, SplittableRandom random) {
    double noise = random.nextDouble(-0.5, 0.5);
    return switch (type) {
      case WATER_STANDPIPE -> 75.0 + instrument % 10 + noise;
      case PIEZOMETER -> 120.0 + instrument % 50 + noise * 4;
      default -> -5.0 + instrument % 7 + noise;
    };
  }

  private static String units(InstrumentType type) {
    return switch (type) {
      case WATER_STANDPIPE -> "water level (m)";
      case PIEZOMETER -> "pressure (kPa)";
      default -> "displacement (mm)";
    };
  }

  private static String endpoint(InstrumentType type) {
    return "/params/" + type.wireName() + "/";
  }

  static String text(RawRecord record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }
}
