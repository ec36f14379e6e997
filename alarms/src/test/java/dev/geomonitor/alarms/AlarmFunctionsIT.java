package dev.geomonitor.alarms;

import static dev.geomonitor.alarms.SiteDatabase.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.alarms.lambda.AlarmApiHandler;
import dev.geomonitor.alarms.lambda.NotifierHandler;
import dev.geomonitor.alarms.lambda.SecretDataSource;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.TriggerStatus;
import dev.geomonitor.embedded.testing.TestServices;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The AWS functions' handlers on a real PostgreSQL: the event shapes in, the shared core inside.
 */
@ExtendWith({TestServices.class, SiteDatabase.class})
class AlarmFunctionsIT {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));

  @Test
  void theNotifierRunsOnePassOfTheProcessorPerScheduledEvent(SiteDatabase.Site site) {
    // Given
    NotifierHandler notifier =
        new NotifierHandler(
            AlarmRuntime.processor(AlarmConfig.defaults(), site.dataSource(), clock));
    site.writeAlerts(List.of(alert("BH-1", T0, TriggerStatus.NORMAL, TriggerStatus.ALARM, 88.1)));

    // When
    Map<String, Object> first = notifier.handleRequest(null, null);
    Map<String, Object> second = notifier.handleRequest(null, null);

    // Then
    assertThat(first).containsEntry("alertsApplied", 1);
    assertThat(second).containsEntry("alertsApplied", 0);
    assertThat(site.count("SELECT count(*) FROM monitoring.alarms")).isEqualTo(1);
  }

  @Test
  void anApiGatewayRequestIsAnsweredByTheAlarmApi(SiteDatabase.Site site) throws Exception {
    // Given
    AlarmProcessor processor =
        AlarmRuntime.processor(AlarmConfig.defaults(), site.dataSource(), clock);
    site.writeAlerts(List.of(alert("BH-2", T0, TriggerStatus.NORMAL, TriggerStatus.ALERT, 87.1)));
    processor.runOnce();
    AlarmApiHandler handler = new AlarmApiHandler(new AlarmApi(processor.store(), clock));

    // When
    APIGatewayV2HTTPResponse list =
        handler.handleRequest(event("GET", "/api/alarms", Map.of("state", "all"), null), null);
    long id = json(list).path("alarms").get(0).path("alarm_id").asLong();
    // API Gateway passes a JSON body base64-encoded when the client sent no text content type
    APIGatewayV2HTTPResponse ack =
        handler.handleRequest(
            event(
                "POST",
                "/api/alarms/" + id + "/acknowledge",
                null,
                "{\"by\":\"j.smith\",\"comment\":\"dipped\"}"),
            null);
    APIGatewayV2HTTPResponse missing =
        handler.handleRequest(event("GET", "/api/alarms/999", null, null), null);

    // Then
    assertThat(list.getStatusCode()).isEqualTo(200);
    assertThat(list.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(ack.getStatusCode()).isEqualTo(200);
    assertThat(json(ack).path("acknowledged_by").asText()).isEqualTo("j.smith");
    assertThat(missing.getStatusCode()).isEqualTo(404);
    assertThat(site.column("SELECT state FROM monitoring.alarms")).containsExactly("ACKNOWLEDGED");
  }

  @Test
  void theDatabaseIsReachedWithTheCredentialsOfTheSecret(SiteDatabase.Site site) throws Exception {
    // Given: the RDS secret JSON for the test database
    URI url = URI.create(site.jdbcUrl.substring("jdbc:".length()));
    String secret =
        Json.MAPPER.writeValueAsString(
            Map.of(
                "username",
                "postgres",
                "password",
                "postgres",
                "host",
                url.getHost(),
                "port",
                url.getPort(),
                "dbname",
                url.getPath().substring(1),
                "engine",
                "postgres"));
    AtomicInteger reads = new AtomicInteger();
    SecretDataSource dataSource =
        new SecretDataSource(
            "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:alarms",
            arn -> {
              reads.incrementAndGet();
              return secret;
            },
            "disable");

    // When
    String database;
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_database()")) {
      rs.next();
      database = rs.getString(1);
    }
    dataSource.getConnection().close();

    // Then: read once, reused
    assertThat(database).isEqualTo(url.getPath().substring(1));
    assertThat(reads).hasValue(1);
  }

  @Test
  void aSecretThatIsNotRdsJsonIsRefusedWithoutQuotingIt() {
    SecretDataSource dataSource =
        new SecretDataSource(
            "arn:s", arn -> "{\"username\":\"a\",\"password\":\"p4ss\"}", "disable");
    assertThatThrownBy(dataSource::getConnection)
        .hasMessageContaining("has no 'host'")
        .hasMessageNotContaining("p4ss");
  }

  private static APIGatewayV2HTTPEvent event(
      String method, String path, Map<String, String> query, String body) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withQueryStringParameters(query)
        .withBody(
            body == null
                ? null
                : Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
        .withIsBase64Encoded(body != null)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                .build())
        .build();
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
    return Json.MAPPER.readTree(response.getBody());
  }
}
