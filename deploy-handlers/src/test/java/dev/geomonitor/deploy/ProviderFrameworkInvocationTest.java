package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderFrameworkInvocationTest {

  private static CustomResourceCore coreAnswering(RuntimeException failure) {
    return new CustomResourceCore(
        new ResourceSetup() {
          @Override
          public String kind() {
            return "demo";
          }

          @Override
          public Map<String, String> apply(CustomResourceRequest request) {
            if (failure != null) {
              throw failure;
            }
            return Map.of("Topics", "a,b");
          }

          @Override
          public Map<String, String> delete(CustomResourceRequest request) {
            return Map.of();
          }
        });
  }

  private static ByteArrayInputStream event(String name) throws Exception {
    return new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(Events.json(name)));
  }

  @Test
  void successWritesPhysicalResourceIdAndDataInTheProviderFrameworksNames() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProviderFrameworkInvocation.run(coreAnswering(null), event("topics-create"), out);

    JsonNode written = Json.MAPPER.readTree(out.toByteArray());
    assertThat(written.path("PhysicalResourceId").asText())
        .isEqualTo("demo:geomonitor-dev:DeployResourcesTopics");
    assertThat(written.path("Data").path("Topics").asText()).isEqualTo("a,b");
    assertThat(written.path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(written.has("Reason")).isFalse();
  }

  @Test
  void failureFailsTheInvocationWithTheReason() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(
            () ->
                ProviderFrameworkInvocation.run(
                    coreAnswering(new IllegalArgumentException("topic x: bad")),
                    event("topics-update"),
                    out))
        .isInstanceOf(CustomResourceFailedException.class)
        .hasMessage("demo update failed: topic x: bad");
    assertThat(out.size()).isZero();
  }

  @Test
  void anEventWithoutRequestTypeFailsNamingTheField() {
    ByteArrayInputStream in =
        new ByteArrayInputStream("{\"StackId\":\"s\"}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                ProviderFrameworkInvocation.run(
                    coreAnswering(null), in, new ByteArrayOutputStream()))
        .isInstanceOf(CustomResourceFailedException.class)
        .hasMessageContaining("RequestType");
  }
}
