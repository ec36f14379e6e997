package dev.geomonitor.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Raw records of readings for the streaming tests, with the keys the producer would give them. */
final class Series {
  static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
  final List<byte[]> values = new ArrayList<>();
  final List<String> keys = new ArrayList<>();

  /**
   * A v1 standpipe rising 0.3 m per reading from 80.0 m: ALERT (1 m) at reading 4, ALARM (2 m) at
   * reading 7.
   */
  Series risingStandpipe(String borehole, int readings) {
    for (int i = 0; i < readings; i++) {
      Instant ts = START.plusSeconds(30L * i);
      ObjectNode item = RawRecords.v1Standpipe(borehole, ts.toString(), round(80.0 + 0.3 * i));
      add(RawRecords.v1(item, ts.plusSeconds(5)), "water_standpipe:" + borehole);
    }
    return this;
  }

  /** A v2 instrument with a small wobble that never leaves NORMAL. */
  Series steady(String instrument, String borehole, double base, int readings) {
    for (int i = 0; i < readings; i++) {
      Instant ts = START.plusSeconds(30L * i);
      ObjectNode item =
          RawRecords.v2Item(instrument, borehole, ts.toString(), round(base + (i % 3) * 0.1));
      add(
          RawRecords.raw("v2", "/params/all/", null, ts.plusSeconds(5), item),
          instrument + ":" + borehole);
    }
    return this;
  }

  /** Sends again the records at the given positions (the producer re-polling the same window). */
  Series repeat(int... positions) {
    for (int p : positions) {
      add(values.get(p), keys.get(p));
    }
    return this;
  }

  Series poison(List<PoisonCorpus.Poison> corpus) {
    corpus.forEach(p -> add(p.value(), "poison:" + p.kind()));
    return this;
  }

  void add(byte[] value, String key) {
    values.add(value);
    keys.add(key);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
