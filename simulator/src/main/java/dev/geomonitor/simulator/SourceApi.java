package dev.geomonitor.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated API itself: routes a request to its reply. Transport-free so the HTTP server, the
 * Lambda handler and tests all exercise the same code. Thread-safe.
 *
 * <p>Routes: {@code GET /params/...} (data), {@code GET /health}, {@code GET /_simulator/stats},
 * {@code GET /_simulator/faults}, {@code POST /_simulator/faults} (JSON merged onto the current
 * faults), {@code DELETE /_simulator/faults} (all off).
 */
public final class SourceApi {
  private static final Logger LOG = LoggerFactory.getLogger(SourceApi.class);
  private static final long SALT_RESPONSE_FAULT = 0x5E5;
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final SimulatorConfig config;
  private final ApiFlavour flavour;
  private final Site site;
  private final Scenario scenario;
  private final ItemComposer composer;
  private final StatsRecorder stats = new StatsRecorder();
  private final AtomicLong requestNumber = new AtomicLong();
  private volatile Faults faults;

  /**
   * Builds the API; the scenario starts at {@code config.scenarioStart()}, or now by the config's
   * clock.
   */
  public SourceApi(SimulatorConfig config) {
    this.config = config;
    this.flavour = config.flavour();
    // Whole milliseconds: sample instants are served with millisecond precision and must stay
    // reproducible.
    Instant start =
        config.scenarioStart() != null ? config.scenarioStart() : config.clock().instant();
    start = start.truncatedTo(ChronoUnit.MILLIS);
    this.site =
        Site.generate(
            config.seed(),
            config.instrumentsPerType(),
            config.drawdownFraction(),
            config.sampleInterval().toMillis());
    this.scenario = new Scenario(config.seed(), start, config.sampleInterval(), config.pace());
    this.composer = new ItemComposer(config.seed(), site, scenario, flavour);
    this.faults = config.faults();
  }

  public ApiReply handle(String method, String path, String body) {
    try {
      return route(
          method == null ? "GET" : method.toUpperCase(Locale.ROOT),
          path == null ? "/" : path,
          body);
    } catch (RuntimeException e) {
      LOG.error("simulator failed on {} {}", method, path, e);
      return error(500, "simulator failed: " + e);
    }
  }

  public SimulatorStats stats() {
    return stats.snapshot();
  }

  public Faults faults() {
    return faults;
  }

  public void setFaults(Faults value) {
    this.faults = value == null ? Faults.none() : value;
  }

  public Site site() {
    return site;
  }

  public Instant scenarioStart() {
    return scenario.start();
  }

  public SimulatorConfig config() {
    return config;
  }

  private ApiReply route(String method, String path, String body) {
    switch (path) {
      case "/health", "/health/" -> {
        return method.equals("GET")
            ? ApiReply.json(
                200, "{\"status\":\"UP\",\"api_version\":\"" + flavour.wireName() + "\"}")
            : notAllowed(method, path);
      }
      case "/_simulator/stats", "/_simulator/stats/" -> {
        return method.equals("GET") ? ApiReply.json(200, write(stats())) : notAllowed(method, path);
      }
      case "/_simulator/faults", "/_simulator/faults/" -> {
        return faultsRoute(method, body);
      }
      default -> {
        return Endpoint.ofPath(path)
            .filter(e -> e.servedIn(flavour))
            .map(e -> method.equals("GET") ? data(e) : notAllowed(method, path))
            .orElseGet(() -> error(404, "no such path in API " + flavour.wireName() + ": " + path));
      }
    }
  }

  private ApiReply faultsRoute(String method, String body) {
    switch (method) {
      case "GET" -> {
        return ApiReply.json(200, write(faults));
      }
      case "DELETE" -> {
        setFaults(Faults.none());
        return ApiReply.json(200, write(faults));
      }
      case "POST" -> {
        try {
          setFaults(merged(faults, body));
        } catch (IllegalArgumentException e) {
          return error(400, e.getMessage());
        }
        LOG.info("faults set to {}", faults);
        return ApiReply.json(200, write(faults));
      }
      default -> {
        return notAllowed(method, "/_simulator/faults");
      }
    }
  }

  /** The current faults with the fields of the JSON object {@code body} replaced. */
  static Faults merged(Faults current, String body) {
    try {
      JsonNode patch = MAPPER.readTree(body == null ? "" : body);
      if (patch == null || !patch.isObject()) {
        throw new IllegalArgumentException(
            "POST /_simulator/faults wants a JSON object such as {\"unavailable_rate\":0.2}");
      }
      ObjectNode all = MAPPER.valueToTree(current);
      all.setAll((ObjectNode) patch);
      return MAPPER.treeToValue(all, Faults.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad faults JSON: " + e.getOriginalMessage(), e);
    }
  }

  private ApiReply data(Endpoint endpoint) {
    long request = requestNumber.getAndIncrement();
    Faults f = faults;
    stats.dataRequest();
    Duration delay = Duration.ZERO;
    if (Draws.uniform(config.seed(), SALT_RESPONSE_FAULT, request, 2) < f.slowRate()) {
      stats.slow();
      delay = Duration.ofMillis(f.slowDelayMillis());
    }
    double u = Draws.uniform(config.seed(), SALT_RESPONSE_FAULT, request, 1);
    if (u < f.unavailableRate()) {
      stats.unavailable();
      return error(503, "service unavailable, retry later")
          .withHeader("Retry-After", Integer.toString(f.retryAfterSeconds()))
          .withDelay(delay);
    }
    if (u < f.unavailableRate() + f.internalErrorRate()) {
      stats.internalError();
      return error(500, "internal server error").withDelay(delay);
    }
    ComposedItems items = composer.compose(endpoint, config.clock().instant(), f, request);
    String body = write(envelope(endpoint, items));
    boolean truncate =
        Draws.uniform(config.seed(), SALT_RESPONSE_FAULT, request, 3) < f.truncatedBodyRate();
    if (truncate) {
      // Any strict prefix of a JSON object is not JSON: the closing brace is missing at least.
      int cut =
          1
              + (int)
                  (Draws.uniform(config.seed(), SALT_RESPONSE_FAULT, request, 4)
                      * (body.length() - 1));
      body = body.substring(0, cut);
    }
    stats.body(endpoint, items, truncate);
    return ApiReply.json(200, body).withDelay(delay);
  }

  private ObjectNode envelope(Endpoint endpoint, ComposedItems items) {
    ObjectNode root = MAPPER.createObjectNode();
    if (flavour == ApiFlavour.V1) {
      root.put("request_type", endpoint.requestType());
      root.put("length", items.items().size());
      root.put("RL_units", endpoint.rlUnits());
    } else {
      root.put("instruments", items.items().size());
      root.put("units", endpoint.v2Units());
    }
    root.put("timezone", "UTC");
    ArrayNode array = root.putArray("items");
    items.items().forEach(array::add);
    return root;
  }

  private static ApiReply notAllowed(String method, String path) {
    return error(405, method + " is not allowed on " + path);
  }

  private static ApiReply error(int status, String message) {
    return ApiReply.json(status, write(Map.of("error", message)));
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
