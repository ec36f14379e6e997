package dev.geomonitor.simulator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated API behind a Lambda Function URL. Same core as the HTTP server. Each Lambda
 * instance keeps its own request counter, stats and runtime faults; values depend only on (seed,
 * instrument, time), so every instance serves the same readings as long as SIMULATOR_SCENARIO_START
 * is set.
 */
public final class FunctionUrlHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionUrlHandler.class);
  private final SourceApi api;

  public FunctionUrlHandler() {
    this(LambdaSettings.fromEnvironment(System.getenv()));
  }

  public FunctionUrlHandler(SimulatorConfig config) {
    if (config.scenarioStart() == null) {
      LOG.warn(
          "SIMULATOR_SCENARIO_START is not set: this instance starts its own scenario now, so concurrent instances"
              + " serve different series; set it to a fixed ISO instant");
    }
    this.api = new SourceApi(config);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    ApiReply reply = api.handle(method(event), event.getRawPath(), body(event));
    pause(reply);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(reply.status())
        .withHeaders(reply.headers())
        .withBody(reply.body())
        .withIsBase64Encoded(false)
        .build();
  }

  SourceApi api() {
    return api;
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    if (event.getRequestContext() == null || event.getRequestContext().getHttp() == null) {
      return "GET";
    }
    return event.getRequestContext().getHttp().getMethod();
  }

  private static String body(APIGatewayV2HTTPEvent event) {
    if (event.getBody() == null) {
      return "";
    }
    return event.getIsBase64Encoded()
        ? new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8)
        : event.getBody();
  }

  private static void pause(ApiReply reply) {
    if (reply.delay().isZero()) {
      return;
    }
    try {
      Thread.sleep(reply.delay().toMillis());
    } catch (InterruptedException e) {
      // The runtime is shutting the instance down: answer at once rather than not at all.
      Thread.currentThread().interrupt();
    }
  }
}
