package dev.geomonitor.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What a handler answers. The CDK provider framework reads PhysicalResourceId and Data from a
 * successful invocation and turns a failed invocation's error message into the FAILED response's
 * Reason, which the stack events show.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomResourceResponse(
    @JsonProperty("Status") Status status,
    @JsonProperty("PhysicalResourceId") String physicalResourceId,
    @JsonProperty("Data") Map<String, String> data,
    @JsonProperty("Reason") String reason) {

  public enum Status {
    SUCCESS,
    FAILED
  }

  public CustomResourceResponse {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  public static CustomResourceResponse success(
      String physicalResourceId, Map<String, String> data) {
    return new CustomResourceResponse(Status.SUCCESS, physicalResourceId, data, null);
  }

  public static CustomResourceResponse failed(String physicalResourceId, String reason) {
    return new CustomResourceResponse(Status.FAILED, physicalResourceId, Map.of(), reason);
  }

  public boolean succeeded() {
    return status == Status.SUCCESS;
  }
}
