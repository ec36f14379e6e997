package dev.geomonitor.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link SimulatorStats}: requests are served concurrently. */
final class StatsRecorder {
  private final LongAdder dataRequests = new LongAdder();
  private final LongAdder itemsServed = new LongAdder();
  private final Map<String, LongAdder> itemsByInstrument = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> itemsByEndpoint = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> malformedByKind = new ConcurrentHashMap<>();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder veryLate = new LongAdder();
  private final LongAdder future = new LongAdder();
  private final LongAdder corrected = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder internalError = new LongAdder();
  private final LongAdder slow = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final LongAdder truncatedItems = new LongAdder();

  void dataRequest() {
    dataRequests.increment();
  }

  void unavailable() {
    unavailable.increment();
  }

  void internalError() {
    internalError.increment();
  }

  void slow() {
    slow.increment();
  }

  /** Records a composed 200 body; its items count as served unless the body was truncated. */
  void body(Endpoint endpoint, ComposedItems items, boolean truncatedBody) {
    if (truncatedBody) {
      truncated.increment();
      truncatedItems.add(items.items().size());
      return;
    }
    itemsServed.add(items.items().size());
    itemsByEndpoint
        .computeIfAbsent(endpoint.path(), k -> new LongAdder())
        .add(items.items().size());
    items
        .kinds()
        .forEach(
            kind ->
                itemsByInstrument
                    .computeIfAbsent(kind.wireName(), k -> new LongAdder())
                    .increment());
    items
        .malformed()
        .forEach(
            kind ->
                malformedByKind.computeIfAbsent(kind.wireName(), k -> new LongAdder()).increment());
    duplicates.add(items.duplicates());
    late.add(items.late());
    veryLate.add(items.veryLate());
    future.add(items.future());
    corrected.add(items.corrected());
  }

  SimulatorStats snapshot() {
    return new SimulatorStats(
        dataRequests.sum(),
        itemsServed.sum(),
        sums(itemsByInstrument),
        sums(itemsByEndpoint),
        sums(malformedByKind),
        duplicates.sum(),
        late.sum(),
        veryLate.sum(),
        future.sum(),
        unavailable.sum(),
        internalError.sum(),
        slow.sum(),
        truncated.sum(),
        truncatedItems.sum(),
        corrected.sum());
  }

  private static Map<String, Long> sums(Map<String, LongAdder> adders) {
    Map<String, Long> out = new TreeMap<>();
    adders.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
