package dev.geomonitor.local.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageApiTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:05Z");
  private final StubSite site = new StubSite();
  private final PageApi api = apiOver(site);

  @Test
  void instrumentsListsTheLatestReadingOfEachInstrumentWithStatusCounts() throws IOException {
    // When
    PageResponse response = api.handle("/api/instruments", Map.of());

    // Then
    assertThat(response.status()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.get("generated_at").asText()).isEqualTo("2026-11-24T10:00:05Z");
    assertThat(body.get("instruments")).hasSize(StubSite.INSTRUMENTS);
    JsonNode first = body.get("instruments").get(0);
    assertThat(first.get("borehole_number").asText()).isEqualTo("EX-11");
    assertThat(first.get("ts").asText()).isEqualTo("2026-11-24T09:59:00Z");
    assertThat(first.has("lat")).isTrue();
    assertThat(first.has("lon")).isTrue();
    JsonNode counts = body.get("status_counts");
    assertThat(
            counts.get("NORMAL").asInt()
                + counts.get("ALERT").asInt()
                + counts.get("ALARM").asInt()
                + counts.get("ACTION").asInt())
        .isEqualTo(StubSite.INSTRUMENTS);
    assertThat(counts.get("ACTION").asInt()).isEqualTo(1);
    assertThat(counts.get("ALARM").asInt()).isEqualTo(1);
  }

  @Test
  void seriesIsOldestFirstWithTriggerLinesOnTheSideTheInstrumentMovedTo() throws IOException {
    // When
    PageResponse response =
        api.handle(
            "/api/series",
            Map.of("instrument", "water_standpipe", "borehole_number", "BH-9037", "limit", "50"));

    // Then
    assertThat(response.status()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.get("points")).hasSize(50);
    assertThat(body.get("points").get(0).get("t").asLong())
        .isLessThan(body.get("points").get(49).get("t").asLong());
    assertThat(body.get("unit").asText()).isEqualTo("m AHD");
    assertThat(body.get("baseline").asDouble()).isEqualTo(86.25);
    assertThat(body.get("latest_status").asText()).isEqualTo("ALARM");
    assertThat(body.get("trigger_lines").findValuesAsText("status"))
        .containsExactly("ALERT", "ALARM", "ACTION");
    assertThat(body.get("trigger_lines").findValues("value").stream().map(JsonNode::asDouble))
        .containsExactly(85.25, 84.25, 83.25);
  }

  @Test
  void seriesWithoutABoreholeIsABadRequestNamingTheParameter() throws IOException {
    // When
    PageResponse response = api.handle("/api/series", Map.of("instrument", "water_standpipe"));

    // Then
    assertThat(response.status()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(response.body()).get("error").asText())
        .contains("'borehole_number' is required");
  }

  @Test
  void seriesOfAnUnknownInstrumentTypeIsABadRequest() {
    // When
    PageResponse response =
        api.handle("/api/series", Map.of("instrument", "rain_gauge", "borehole_number", "R-1"));

    // Then
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("rain_gauge");
  }

  @Test
  void limitOutsideItsRangeIsABadRequest() {
    // When
    PageResponse tooBig = api.handle("/api/alerts", Map.of("limit", "100000"));
    PageResponse notANumber = api.handle("/api/alerts", Map.of("limit", "ten"));

    // Then
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(tooBig.bodyText()).contains("between 1 and " + PageApi.MAX_LIMIT);
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.bodyText()).contains("'ten'");
  }

  @Test
  void alertsAreTheNewestFirstUpToTheLimit() throws IOException {
    // When
    PageResponse response = api.handle("/api/alerts", Map.of("limit", "3"));

    // Then
    JsonNode alerts = Json.MAPPER.readTree(response.body()).get("alerts");
    assertThat(alerts).hasSize(3);
    assertThat(alerts.get(0).get("alert_id").asText()).isEqualTo(site.allAlerts().get(0).alertId());
    assertThat(alerts.get(0).get("status").asText()).isEqualTo("ACTION");
    assertThat(alerts.get(0).get("ts").asText()).isGreaterThan(alerts.get(2).get("ts").asText());
  }

  @Test
  void healthAndBatchViewsAreServedAsSnakeCaseJson() throws IOException {
    // When
    JsonNode health = Json.MAPPER.readTree(api.handle("/api/health", Map.of()).body());
    JsonNode batch = Json.MAPPER.readTree(api.handle("/api/batch", Map.of("limit", "5")).body());

    // Then
    assertThat(health.get("pipeline_version").asText()).isEqualTo("v1");
    assertThat(health.get("dlq_count").asLong()).isEqualTo(6);
    assertThat(health.get("consumer_lag").asLong()).isEqualTo(37);
    assertThat(health.get("stages").findValuesAsText("stage"))
        .startsWith("polled", "raw", "readings");
    assertThat(batch.get("daily_summary")).hasSize(5);
    assertThat(batch.get("daily_summary").get(0).get("day").asText()).isEqualTo("2026-11-24");
    assertThat(batch.get("exceedance_history")).hasSize(5);
    assertThat(batch.get("exceedance_history").get(0).get("ongoing").asBoolean()).isTrue();
  }

  @Test
  void aFailingDataSourceFailsOnlyItsOwnEndpointWithTheReason() {
    // Given batch views whose database is down
    BatchViews down =
        new BatchViews() {
          @Override
          public List<DailySummary> dailySummary(int limit) {
            throw new PageDataException(
                "cannot read monitoring.daily_summary (Connection refused)");
          }

          @Override
          public List<Exceedance> exceedanceHistory(int limit) {
            throw new PageDataException(
                "cannot read monitoring.exceedance_history (Connection refused)");
          }
        };
    PageApi degraded =
        new PageApi(site, down, site, () -> StubSite.LEVELS, Clock.fixed(NOW, ZoneOffset.UTC));

    // When
    PageResponse batch = degraded.handle("/api/batch", Map.of());
    PageResponse instruments = degraded.handle("/api/instruments", Map.of());

    // Then
    assertThat(batch.status()).isEqualTo(503);
    assertThat(batch.bodyText()).contains("monitoring.daily_summary (Connection refused)");
    assertThat(instruments.status()).isEqualTo(200);
  }

  @Test
  void unknownPathIsNotFoundAndListsTheEndpoints() {
    // When
    PageResponse response = api.handle("/api/nope", Map.of());

    // Then
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyText()).contains("/api/instruments").contains("/api/batch");
  }

  private static PageApi apiOver(StubSite site) {
    return new PageApi(site, site, site, () -> StubSite.LEVELS, Clock.fixed(NOW, ZoneOffset.UTC));
  }
}
