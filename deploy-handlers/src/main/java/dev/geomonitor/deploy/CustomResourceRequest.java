package dev.geomonitor.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A CloudFormation custom-resource event as the CDK provider framework passes it to an onEvent
 * handler.
 *
 * @param physicalResourceId null on Create; the id returned by the Create on Update and Delete
 * @param properties ResourceProperties (CloudFormation turns every scalar into a string)
 * @param oldProperties OldResourceProperties on Update, else empty
 * @param requestId CloudFormation's RequestId: unique per request, the same when the provider
 *     framework retries it
 */
public record CustomResourceRequest(
    RequestType requestType,
    String stackId,
    String logicalResourceId,
    String physicalResourceId,
    String resourceType,
    ResourceProperties properties,
    ResourceProperties oldProperties,
    String requestId) {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  public static CustomResourceRequest parse(InputStream json) {
    try {
      return parse(Json.MAPPER.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the custom-resource event is not JSON: " + e.getMessage(), e);
    }
  }

  public static CustomResourceRequest parse(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException(
          "the custom-resource event must be a JSON object, got " + event);
    }
    return new CustomResourceRequest(
        RequestType.parse(event.path("RequestType").asText(null)),
        event.path("StackId").asText(""),
        event.path("LogicalResourceId").asText(""),
        event.path("PhysicalResourceId").asText(null),
        event.path("ResourceType").asText(""),
        new ResourceProperties(toMap(event.get("ResourceProperties"))),
        new ResourceProperties(toMap(event.get("OldResourceProperties"))),
        event.path("RequestId").asText(""));
  }

  /**
   * {@code geomonitor-dev} from {@code
   * arn:aws:cloudformation:region:account:stack/geomonitor-dev/guid}.
   */
  public String stackName() {
    String[] parts = stackId.split("/");
    return parts.length >= 2 ? parts[1] : stackId;
  }

  private static Map<String, Object> toMap(JsonNode node) {
    return node == null || !node.isObject() ? Map.of() : Json.MAPPER.convertValue(node, MAP);
  }
}
