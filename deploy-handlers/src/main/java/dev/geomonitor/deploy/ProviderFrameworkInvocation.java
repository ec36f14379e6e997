package dev.geomonitor.deploy;

import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The part every handler shares: event JSON in, response JSON out, a failure as a failed
 * invocation.
 */
public final class ProviderFrameworkInvocation {
  private ProviderFrameworkInvocation() {}

  public static void run(CustomResourceCore core, InputStream input, OutputStream output) {
    CustomResourceResponse response;
    try {
      response = core.handle(CustomResourceRequest.parse(input));
    } catch (IllegalArgumentException e) {
      throw new CustomResourceFailedException(
          "unreadable custom-resource event: " + e.getMessage());
    }
    if (!response.succeeded()) {
      // The provider framework knows failure only from a failed invocation; a FAILED body would be
      // taken as success.
      throw new CustomResourceFailedException(response.reason());
    }
    try {
      Json.MAPPER.writeValue(output, response);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the custom-resource response", e);
    }
  }
}
