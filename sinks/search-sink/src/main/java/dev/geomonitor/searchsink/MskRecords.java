package dev.geomonitor.searchsink;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns an MSK event-source batch (keys and values base64, grouped by topic-partition) into sink
 * records.
 */
public final class MskRecords {
  private MskRecords() {}

  /** Keeps each partition's records in offset order, as Lambda delivers them. */
  public static List<SinkRecord> from(KafkaEvent event) {
    List<SinkRecord> records = new ArrayList<>();
    if (event == null || event.getRecords() == null) {
      return records;
    }
    for (Map.Entry<String, List<KafkaEvent.KafkaEventRecord>> partition :
        event.getRecords().entrySet()) {
      for (KafkaEvent.KafkaEventRecord r : partition.getValue()) {
        records.add(
            new SinkRecord(
                r.getTopic(),
                r.getPartition(),
                r.getOffset(),
                keyText(r),
                decode(r, r.getValue())));
      }
    }
    return records;
  }

  private static String keyText(KafkaEvent.KafkaEventRecord r) {
    byte[] key = decode(r, r.getKey());
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  private static byte[] decode(KafkaEvent.KafkaEventRecord r, String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "MSK event record "
              + r.getTopic()
              + "-"
              + r.getPartition()
              + "@"
              + r.getOffset()
              + " is not base64 as Lambda delivers it: "
              + e.getMessage(),
          e);
    }
  }
}
