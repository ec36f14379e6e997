package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three entry points as Lambda builds them (no-argument constructors, real clients). Delete
 * touches no service, so it runs here and proves each handler wires up and answers in the provider
 * framework's shape.
 */
class HandlersTest {

  @BeforeAll
  static void region() {
    // Lambda always sets AWS_REGION; the SDK also reads this property, which a test can set.
    System.setProperty("aws.region", "ap-southeast-2");
  }

  private static JsonNode invoke(RequestStreamHandler handler, String fixture) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(Events.json(fixture))), out, null);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  @Test
  void topicsHandlerAnswersDeleteKeepingItsId() throws Exception {
    JsonNode response = invoke(new TopicsResourceHandler(), "topics-delete");

    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo("kafka-topics:geomonitor-dev:DeployResourcesTopics");
    assertThat(response.path("Data").path("Retained").asText()).isEqualTo("true");
  }

  @Test
  void schemaMigrationHandlerAnswersDelete() throws Exception {
    JsonNode response = invoke(new SchemaMigrationHandler(), "schema-delete");

    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo("postgres-schema:geomonitor-dev:DeployResourcesSchemaMigration");
  }

  @Test
  void searchSetupHandlerAnswersDelete() throws Exception {
    JsonNode response = invoke(new SearchSetupHandler(), "search-delete");

    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo("opensearch-setup:geomonitor-dev:DeployResourcesSearchSetup");
  }

  @Test
  void aCreateWithBadPropertiesFailsTheInvocationWithTheReason() {
    assertThatThrownBy(
            () ->
                new TopicsResourceHandler()
                    .handleRequest(
                        new ByteArrayInputStream(
                            Json.MAPPER.writeValueAsBytes(
                                Events.json("topics-create").put("ResourceProperties", "nope"))),
                        new ByteArrayOutputStream(),
                        null))
        .isInstanceOf(CustomResourceFailedException.class)
        .hasMessageStartingWith(
            "kafka-topics create failed: resource property ReplicationFactor is missing");
  }
}
