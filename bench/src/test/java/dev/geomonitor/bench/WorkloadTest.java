package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.bench.Workload.RawRecord;
import dev.geomonitor.domain.DecodeResult;
import dev.geomonitor.domain.InstrumentType;
import dev.geomonitor.domain.Reading;
import dev.geomonitor.domain.ReadingDecoder;
import dev.geomonitor.domain.TriggerLevelCatalog;
import dev.geomonitor.domain.TriggerLevels;
import dev.geomonitor.domain.TriggerStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void sameSeedGivesByteIdenticalRecords() {
    List<RawRecord> a = new Workload(7, 500).backlog(3000, START);
    List<RawRecord> b = new Workload(7, 500).backlog(3000, START);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
      assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
    }
  }

  @Test
  void anotherSeedGivesOtherValues() {
    assertThat(Workload.text(new Workload(1, 500).backlog(1, START).get(0)))
        .isNotEqualTo(Workload.text(new Workload(2, 500).backlog(1, START).get(0)));
  }

  @Test
  void everyReadingIsAcceptedByTheDomainValidatorWithItsPredictedId() {
    // Given
    List<RawRecord> records = new Workload(42, 500).backlog(5000, START);
    ReadingDecoder decoder = new ReadingDecoder();
    Set<InstrumentType> types = EnumSet.noneOf(InstrumentType.class);
    Set<String> boreholes = new HashSet<>();
    Set<String> ids = new HashSet<>();
    // When / Then
    for (RawRecord r : records) {
      DecodeResult result = decoder.decode(r.value());
      assertThat(result.rejections()).as(Workload.text(r)).isEmpty();
      Reading reading = result.reading();
      types.add(reading.instrument());
      boreholes.add(reading.boreholeNumber());
      ids.add(r.readingId());
    }
    assertThat(types).containsExactlyInAnyOrder(InstrumentType.values());
    assertThat(boreholes).hasSize(500);
    assertThat(ids)
        .as("reading ids are distinct, so distinct readings == records")
        .hasSize(records.size());
  }

  @Test
  void probeReadingsFetchedAtTheirTimestampAreAccepted() {
    Instant now = Instant.now();
    RawRecord probe = new Workload(42, 500).reading(123_456, now, now);
    assertThat(new ReadingDecoder().decode(probe.value()).isAccepted()).isTrue();
  }

  @Test
  void aCrossingReadsAtTheAlarmLevelAgainstItsBaseline() {
    // Given
    Instant now = Instant.now();
    Workload workload = new Workload(42, 500);
    ReadingDecoder decoder = new ReadingDecoder();
    // When
    Reading baseline = decoder.decode(workload.standpipeCrossing(7, now, false).value()).reading();
    Reading crossed =
        decoder.decode(workload.standpipeCrossing(7, now.plusSeconds(1), true).value()).reading();
    // Then
    assertThat(crossed.boreholeNumber())
        .isEqualTo(baseline.boreholeNumber())
        .isEqualTo(Workload.crossingBorehole(7));
    TriggerLevels levels =
        TriggerLevelCatalog.defaults().levelsFor("water_standpipe", crossed.boreholeNumber());
    assertThat(levels.statusOf(crossed.value(), baseline.value())).isEqualTo(TriggerStatus.ALARM);
  }
}
