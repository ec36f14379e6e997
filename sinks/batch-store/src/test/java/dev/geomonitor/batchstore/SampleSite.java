package dev.geomonitor.batchstore;

import static dev.geomonitor.batchstore.Records.alert;
import static dev.geomonitor.batchstore.Records.reading;
import static dev.geomonitor.batchstore.Records.rejection;
import static dev.geomonitor.domain.TriggerStatus.ALARM;
import static dev.geomonitor.domain.TriggerStatus.ALERT;
import static dev.geomonitor.domain.TriggerStatus.NORMAL;

import dev.geomonitor.domain.PipelineVersion;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small hand-made site in pipeline v1: BH-1 goes ALERT, ALARM and back to ALERT across a UTC
 * midnight, BH-2 stays NORMAL, BH-3 jumps to ALARM; BH-1 has its own trigger levels.
 */
final class SampleSite {
  static final PipelineVersion V1 = new PipelineVersion(1);

  private SampleSite() {}

  static void load(BatchStore store) {
    store.migrate(V1);
    List<TriggerLevels> levels = new ArrayList<>(TriggerLevelCatalog.defaultLevels());
    levels.add(
        new TriggerLevels(
            Records.STANDPIPE, "BH-1", TriggerLevels.Direction.FALL, 86.0, 0.5, 1.5, 2.5));
    store.syncTriggerLevels(TriggerLevelCatalog.of(levels));
    store.writeBatch(
        V1,
        "readings",
        0,
        BatchContent.ofReadings(
            List.of(
                reading(V1, "BH-1", at("2024-03-01T10:00"), 86.0, NORMAL),
                reading(V1, "BH-1", at("2024-03-01T12:00"), 84.5, ALERT),
                reading(V1, "BH-1", at("2024-03-01T23:30"), 83.0, ALARM),
                reading(V1, "BH-1", at("2024-03-02T01:00"), 84.0, ALERT),
                reading(V1, "BH-2", at("2024-03-01T09:00"), 90.0, NORMAL),
                reading(V1, "BH-2", at("2024-03-02T09:00"), 90.5, NORMAL),
                reading(V1, "BH-3", at("2024-03-01T10:00"), 88.5, ALARM)),
            List.of(
                alert(V1, "BH-1", at("2024-03-01T12:00"), NORMAL, ALERT, 84.5),
                alert(V1, "BH-1", at("2024-03-01T23:30"), ALERT, ALARM, 83.0),
                alert(V1, "BH-1", at("2024-03-02T01:00"), ALARM, ALERT, 84.0),
                alert(V1, "BH-3", at("2024-03-01T10:00"), NORMAL, ALARM, 88.5)),
            List.of(),
            null));
    store.writeBatch(
        V1,
        "rejections-sample",
        0,
        BatchContent.ofReadings(
            List.of(),
            List.of(),
            List.of(rejection("monitoring.raw", 0, 5, "{\"water_level\":9999}")),
            null));
  }

  private static Instant at(String utcMinute) {
    return Instant.parse(utcMinute + ":00Z");
  }
}
