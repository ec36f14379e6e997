package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.DeadLetter;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.RejectCode;
import dev.geomonitor.domain.Rejection;
import dev.geomonitor.domain.WindowAggregate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records that arrive out of order, twice, or with ids OpenSearch cannot take, against a real broker and node. */
@ExtendWith(Services.Resolver.class)
class HostileRecordsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static WindowAggregate emission(long count, long revision) {
    return new WindowAggregate(NaturalKeys.aggregateId("water_standpipe", "BH-1", "PT1M", Samples.T0), "v1",
        "water_standpipe", "BH-1", Samples.T0, Samples.T0.plusSeconds(60), "PT1M", count, 80.1, 80.4, 80.2, 80.1,
        80.4, 18.0, "m AHD", -37.81, 144.96, revision);
  }

  @Test
  void anOlderEmissionOfAWindowArrivingAfterANewerOneNeverOverwritesIt(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given revision 5 of a window, then (a retry, a replay, another thread) revision 3 of the same window
      f.sendAll(f.topics.aggregates(), List.of(emission(9, 5), emission(4, 3)));

      loop.start();

      // Then both are done (the older one is superseded, not an error) and the document holds revision 5
      await().atMost(WAIT).until(() -> loop.totals().indexed() >= 2);
      assertThat(loop.totals().deadLettered()).isZero();
      JsonNode hits = f.search(DocumentKind.AGGREGATES, Json.MAPPER.createObjectNode()).path("hits").path("hits");
      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).path("_source").path("revision").asLong()).isEqualTo(5);
      assertThat(hits.get(0).path("_source").path("count").asLong()).isEqualTo(9);
    }
  }

  @Test
  void aDeadLetterRejectedAgainByAReplayIsIndexedOnce(Services services) {
    try (SinkFixture f = SinkFixture.create(services, 1);
        SearchSinkLoop loop = SearchSinkLoop.create(f.config)) {
      // Given the same raw record rejected twice (the job replayed it): two DLQ records, one source place
      DeadLetter letter = DeadLetter.fromKafka(DeadLetter.STAGE_SPARK,
          List.of(Rejection.of(RejectCode.CONTROL_CHARACTER, "borehole_number", "NUL")), "monitoring.raw", 0, 41L,
          "k", "{\"borehole_number\":\"B\\u0000\"}".getBytes(StandardCharsets.UTF_8), Samples.T0);
      f.send(f.topics.dlq(), "k", letter.toJsonBytes());
      f.send(f.topics.dlq(), "k", letter.toJsonBytes());

      loop.start();

      await().atMost(WAIT).until(() -> loop.totals().indexed() >= 2);
      assertThat(f.count(DocumentKind.DEAD_LETTERS)).isEqualTo(1);
    }
  }
}
