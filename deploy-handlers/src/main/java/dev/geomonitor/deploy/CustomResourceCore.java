package dev.geomonitor.deploy;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ResourceSetup} for one event and answers in custom-resource terms: a stable
 * PhysicalResourceId and every failure as FAILED with a reason that names the resource, the request
 * and the cause.
 */
public final class CustomResourceCore {
  private static final Logger LOG = LoggerFactory.getLogger(CustomResourceCore.class);

  /** CloudFormation truncates longer reasons; the start of the message is what says what failed. */
  static final int MAX_REASON = 1000;

  private final ResourceSetup setup;

  public CustomResourceCore(ResourceSetup setup) {
    this.setup = setup;
  }

  public CustomResourceResponse handle(CustomResourceRequest request) {
    String physicalId = physicalId(request);
    try {
      Map<String, String> data =
          request.requestType() == RequestType.DELETE
              ? setup.delete(request)
              : setup.apply(request);
      LOG.info("{} {} {} done: {}", setup.kind(), request.requestType(), physicalId, data);
      return CustomResourceResponse.success(physicalId, data);
    } catch (RuntimeException e) {
      String reason =
          truncate(
              setup.kind()
                  + " "
                  + request.requestType().name().toLowerCase(java.util.Locale.ROOT)
                  + " failed: "
                  + describe(e));
      LOG.error("{}", reason, e);
      return CustomResourceResponse.failed(physicalId, reason);
    }
  }

  /**
   * Update and Delete keep the id CloudFormation already holds (a changed id would make it replace
   * the resource and then delete the old one); Create derives it from the stack and logical id, so
   * a retried Create returns the same.
   */
  String physicalId(CustomResourceRequest request) {
    if (request.requestType() != RequestType.CREATE && request.physicalResourceId() != null) {
      return request.physicalResourceId();
    }
    return setup.kind() + ":" + request.stackName() + ":" + request.logicalResourceId();
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(" (caused by ")
            .append(cause.getClass().getSimpleName())
            .append(": ")
            .append(cause.getMessage())
            .append(')');
      }
    }
    return text.toString();
  }

  private static String truncate(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
  }
}
