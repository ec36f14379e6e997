package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class MskRecordsTest {

  @Test
  void base64KeysAndValuesOfTheFixtureDecodeToTheOriginalRecords() throws Exception {
    // Given the MSK event fixture, as Lambda delivers it
    KafkaEvent event = EventLoader.loadKafkaEvent("msk-event.json");
    // When it is turned into sink records
    List<SinkRecord> records = MskRecords.from(event);
    // Then every record keeps its coordinates, its key and its JSON value
    assertThat(records).hasSize(4);
    SinkRecord first = records.stream().filter(r -> r.offset() == 100).findFirst().orElseThrow();
    assertThat(first.topic()).isEqualTo("monitoring.readings");
    assertThat(first.key()).isEqualTo("water_standpipe:BH-9037");
    EnrichedReading reading = Json.MAPPER.readValue(first.value(), EnrichedReading.class);
    assertThat(reading.boreholeNumber()).isEqualTo("BH-9037");
    assertThat(reading.readingId()).isEqualTo("water_standpipe:BH-9037:2026-03-02T10:00:00.000Z");
  }

  @Test
  void emptyEventGivesNoRecords() {
    assertThat(MskRecords.from(new KafkaEvent())).isEmpty();
  }
}
