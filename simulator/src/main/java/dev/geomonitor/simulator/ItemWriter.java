package dev.geomonitor.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes a sample as an API item, field for field as each version publishes it. */
final class ItemWriter {
  /** Always with milliseconds and Z, as the real API does ("2022-04-15T22:01:29.078Z"). */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ItemWriter() {}

  static ObjectNode item(Scenario.Sample sample, ApiFlavour flavour) {
    Instrument in = sample.instrument();
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("borehole_number", in.id());
    item.put("instrument", in.kind().wireName());
    if (in.axis() != null) {
      item.put("axis", in.axis().wireName());
    }
    if (in.surfaceLevel() != null) {
      item.put("surface_level", in.surfaceLevel());
    }
    item.put("northing", in.northing());
    item.put("easting", in.easting());
    item.put(in.kind().valueField(flavour), sample.value());
    item.put("timestamp", timestamp(sample.timestamp()));
    return item;
  }

  static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }
}
