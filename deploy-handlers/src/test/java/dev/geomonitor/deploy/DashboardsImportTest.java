package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DashboardsImportTest {
  private static final byte[] NDJSON =
      "{\"id\":\"a\",\"type\":\"index-pattern\"}\n{\"id\":\"b\",\"type\":\"dashboard\"}\n"
          .getBytes(StandardCharsets.UTF_8);

  private final StubDashboards dashboards = new StubDashboards();
  private final DashboardsImport importer =
      new DashboardsImport(
          HttpClient.newHttpClient(), Duration.ofSeconds(10), 3, Duration.ofMillis(20));

  @AfterEach
  void stop() {
    dashboards.close();
  }

  @Test
  void postsTheFileAsAMultipartFormWithTheXsrfHeaderAndOverwrite() {
    dashboards.answer(200, "{\"success\":true,\"successCount\":2}");

    int imported =
        importer.importObjects(
            dashboards.url(), RequestSigner.basic("geomonitor", "pw"), "g.ndjson", NDJSON);

    assertThat(imported).isEqualTo(2);
    StubDashboards.Received request = dashboards.received.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.pathAndQuery())
        .isEqualTo("/_dashboards/api/saved_objects/_import?overwrite=true");
    assertThat(request.header("osd-xsrf")).isEqualTo("true");
    assertThat(request.header("Authorization")).isEqualTo("Basic Z2VvbW9uaXRvcjpwdw==");
    String contentType = request.header("Content-Type");
    assertThat(contentType).startsWith("multipart/form-data; boundary=");
    String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
    assertThat(request.bodyText())
        .isEqualTo(
            "--"
                + boundary
                + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"g.ndjson\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n"
                + new String(NDJSON, StandardCharsets.UTF_8)
                + "\r\n--"
                + boundary
                + "--\r\n");
  }

  @Test
  void aServerErrorIsRetriedUntilItSucceeds() {
    dashboards
        .answer(503, "{\"message\":\"not ready\"}")
        .answer(200, "{\"success\":true,\"successCount\":15}");

    int imported =
        importer.importObjects(dashboards.url(), RequestSigner.none(), "g.ndjson", NDJSON);

    assertThat(imported).isEqualTo(15);
    assertThat(dashboards.received).hasSize(2);
  }

  @Test
  void persistentServerErrorsFailAfterTheLastAttemptNamingTheUrl() {
    dashboards.answer(502, "bad gateway").answer(502, "bad gateway").answer(502, "bad gateway");

    assertThatThrownBy(
            () ->
                importer.importObjects(dashboards.url(), RequestSigner.none(), "g.ndjson", NDJSON))
        .hasMessageContaining("/_dashboards/api/saved_objects/_import")
        .hasMessageContaining("answered 502")
        .hasMessageContaining("after 3 attempts");
  }

  @Test
  void anImportThatReportsErrorsFailsWithThem() {
    dashboards.answer(
        200,
        "{\"success\":false,\"successCount\":1,\"errors\":[{\"id\":\"b\",\"error\":"
            + "{\"type\":\"missing_references\"}}]}");

    assertThatThrownBy(
            () ->
                importer.importObjects(dashboards.url(), RequestSigner.none(), "g.ndjson", NDJSON))
        .hasMessageContaining("did not succeed")
        .hasMessageContaining("missing_references");
  }

  @Test
  void aRefusedLoginFailsAtOnceAndSaysWhatToCheck() {
    dashboards.answer(401, "{\"statusCode\":401}");

    assertThatThrownBy(
            () ->
                importer.importObjects(dashboards.url(), RequestSigner.none(), "g.ndjson", NDJSON))
        .hasMessageContaining("answered 401")
        .hasMessageContaining("credentials");
    assertThat(dashboards.received).hasSize(1);
  }
}
