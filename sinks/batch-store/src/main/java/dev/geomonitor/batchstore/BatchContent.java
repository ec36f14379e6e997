package dev.geomonitor.batchstore;

import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.StatusAlert;
import dev.geomonitor.domain.WindowAggregate;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one micro-batch of one streaming query writes, committed together or not at all. Any
 * list may be empty (null is taken as empty). Within a list, the last record of a natural key wins.
 */
public record BatchContent(
    List<EnrichedReading> readings,
    List<WindowAggregate> aggregates,
    List<StatusAlert> alerts,
    List<DeadLetter> rejections,
    BatchCounts counts) {

  public BatchContent {
    readings = copy("readings", readings);
    aggregates = copy("aggregates", aggregates);
    alerts = copy("alerts", alerts);
    rejections = copy("rejections", rejections);
    if (counts == null) {
      counts = BatchCounts.unknown();
    }
  }

  /** What the readings query writes. */
  public static BatchContent ofReadings(
      List<EnrichedReading> readings,
      List<StatusAlert> alerts,
      List<DeadLetter> rejections,
      BatchCounts counts) {
    return new BatchContent(readings, List.of(), alerts, rejections, counts);
  }

  /** Aggregates only (tools and tests that write window statistics on their own). */
  public static BatchContent ofAggregates(List<WindowAggregate> aggregates, BatchCounts counts) {
    return new BatchContent(List.of(), aggregates, List.of(), List.of(), counts);
  }

  public int rowCount() {
    return readings.size() + aggregates.size() + alerts.size() + rejections.size();
  }

  private static <T> List<T> copy(String name, List<T> list) {
    if (list == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      T item = list.get(i);
      if (item == null) {
        throw new IllegalArgumentException("BatchContent." + name + " holds null at index " + i);
      }
      out.add(item);
    }
    return List.copyOf(out);
  }
}
