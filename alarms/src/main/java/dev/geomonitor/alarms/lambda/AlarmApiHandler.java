package dev.geomonitor.alarms.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.geomonitor.alarms.AlarmApi;
import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.alarms.AlarmStore;
import dev.geomonitor.platform.settings.SettingValues;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm API on AWS: API Gateway (HTTP API, IAM authorization, payload format 2.0) passes each
 * request here and {@link AlarmApi} (the logic the local page server calls) answers it. Only the
 * shape changes: the event's method, path, query and body in, a status and JSON body out. API
 * Gateway has already checked the caller's SigV4 signature and IAM permission; the caller's ARN is
 * logged with each change.
 */
public final class AlarmApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmApiHandler.class);

  private final AlarmApi api;

  /** What the Lambda runtime calls: settings from the environment, clients built once. */
  public AlarmApiHandler() {
    this(api(SettingValues.environment()));
  }

  public AlarmApiHandler(AlarmApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  private static AlarmApi api(SettingValues settings) {
    AlarmConfig config = AwsClients.config(settings);
    return new AlarmApi(
        new AlarmStore(AwsClients.database(settings), config.alarms().rateLimit()),
        Clock.systemUTC());
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String method = method(event);
    String path = event.getRawPath() == null ? "/" : event.getRawPath();
    Map<String, String> query =
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    AlarmApi.Answer answer = api.handle(method, path, query, body(event));
    if (!"GET".equals(method)) {
      LOG.info("{} {} by {}: HTTP {}", method, path, caller(event), answer.status());
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(answer.status())
        .withHeaders(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"))
        .withBody(new String(answer.body(), StandardCharsets.UTF_8))
        .withIsBase64Encoded(false)
        .build();
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    if (context == null || context.getHttp() == null || context.getHttp().getMethod() == null) {
      return "GET";
    }
    return context.getHttp().getMethod();
  }

  private static byte[] body(APIGatewayV2HTTPEvent event) {
    if (event.getBody() == null) {
      return new byte[0];
    }
    return event.getIsBase64Encoded()
        ? Base64.getDecoder().decode(event.getBody())
        : event.getBody().getBytes(StandardCharsets.UTF_8);
  }

  /** The IAM principal API Gateway authorized (the audit trail records the body's "by"). */
  private static String caller(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    if (context == null
        || context.getAuthorizer() == null
        || context.getAuthorizer().getIam() == null) {
      return "(unknown)";
    }
    return context.getAuthorizer().getIam().getUserArn();
  }
}
