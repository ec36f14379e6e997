package dev.geomonitor.local.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.Json;
import dev.geomonitor.domain.StatusAlert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@link LiveReadings} over OpenSearch's search API with the JDK HTTP client, querying the stable
 * aliases only (the sink's {@code readings}/{@code alerts}, or prefixed test names). An alias that
 * does not exist yet reads as "no data" (nothing indexed so far); any other failure is a {@link
 * PageDataException} naming the node and the answer.
 */
public final class OpenSearchLiveReadings implements LiveReadings {

  /** Instruments per composite-aggregation page; a site has hundreds to a few thousand. */
  static final int INSTRUMENTS_PAGE = 1000;

  private final URI baseUrl;
  private final String readingsAlias;
  private final String alertsAlias;
  private final HttpClient http;
  private final Duration timeout;

  public OpenSearchLiveReadings(
      URI baseUrl, String readingsAlias, String alertsAlias, Duration timeout) {
    this.baseUrl =
        URI.create(
            Objects.requireNonNull(baseUrl, "baseUrl").toString().replaceAll("/+$", "") + "/");
    this.readingsAlias = Objects.requireNonNull(readingsAlias, "readingsAlias");
    this.alertsAlias = Objects.requireNonNull(alertsAlias, "alertsAlias");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The production names: aliases {@code readings} and {@code alerts}. */
  public static OpenSearchLiveReadings atAliases(URI baseUrl) {
    return new OpenSearchLiveReadings(baseUrl, "readings", "alerts", Duration.ofSeconds(5));
  }

  @Override
  public List<EnrichedReading> latestPerInstrument() {
    List<EnrichedReading> latest = new ArrayList<>();
    JsonNode after = null;
    do {
      JsonNode answer = search(readingsAlias, latestPerInstrumentQuery(after));
      JsonNode agg = answer.path("aggregations").path("instruments");
      for (JsonNode bucket : agg.path("buckets")) {
        for (JsonNode hit : bucket.path("latest").path("hits").path("hits")) {
          latest.add(source(hit, EnrichedReading.class));
        }
      }
      after = agg.path("buckets").size() < INSTRUMENTS_PAGE ? null : agg.get("after_key");
    } while (after != null && !after.isNull());
    return latest;
  }

  @Override
  public List<EnrichedReading> series(String instrument, String boreholeNumber, int limit) {
    ObjectNode query = newestFirst(limit);
    ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("term").put("instrument", instrument);
    filter.addObject().putObject("term").put("borehole_number", boreholeNumber);
    List<EnrichedReading> readings = hits(search(readingsAlias, query), EnrichedReading.class);
    Collections.reverse(readings);
    return readings;
  }

  @Override
  public List<StatusAlert> latestAlerts(int limit) {
    return hits(search(alertsAlias, newestFirst(limit)), StatusAlert.class);
  }

  static ObjectNode latestPerInstrumentQuery(JsonNode after) {
    ObjectNode query = Json.MAPPER.createObjectNode();
    query.put("size", 0);
    ObjectNode composite = query.putObject("aggs").putObject("instruments").putObject("composite");
    composite.put("size", INSTRUMENTS_PAGE);
    ArrayNode sources = composite.putArray("sources");
    sources.addObject().putObject("instrument").putObject("terms").put("field", "instrument");
    sources
        .addObject()
        .putObject("borehole_number")
        .putObject("terms")
        .put("field", "borehole_number");
    if (after != null) {
      composite.set("after", after);
    }
    ObjectNode topHits =
        query
            .with("aggs")
            .with("instruments")
            .putObject("aggs")
            .putObject("latest")
            .putObject("top_hits");
    topHits.put("size", 1);
    topHits.putArray("sort").addObject().putObject("ts").put("order", "desc");
    return query;
  }

  /**
   * Newest first; ties broken by instrument so every reader (and every refresh) lists them in one
   * order.
   */
  private static ObjectNode newestFirst(int limit) {
    ObjectNode query = Json.MAPPER.createObjectNode();
    query.put("size", limit);
    ArrayNode sort = query.putArray("sort");
    sort.addObject().putObject("ts").put("order", "desc");
    sort.addObject().putObject("instrument").put("order", "asc");
    sort.addObject().putObject("borehole_number").put("order", "asc");
    return query;
  }

  private static <T> List<T> hits(JsonNode answer, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (JsonNode hit : answer.path("hits").path("hits")) {
      out.add(source(hit, type));
    }
    return out;
  }

  private static <T> T source(JsonNode hit, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(hit.path("_source"), type);
    } catch (IOException e) {
      throw new PageDataException(
          "document "
              + hit.path("_id").asText()
              + " in "
              + hit.path("_index").asText()
              + " is not a "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private JsonNode search(String alias, ObjectNode query) {
    URI uri = baseUrl.resolve(alias + "/_search");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(query.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PageDataException(
          "OpenSearch at " + baseUrl + " did not answer (" + e.getMessage() + "): is it running?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PageDataException("interrupted while querying OpenSearch at " + baseUrl, e);
    }
    return answerOf(alias, response.statusCode(), response.body());
  }

  /**
   * The parsed answer; an alias that does not exist yet is an empty answer, any other error is
   * thrown.
   */
  static JsonNode answerOf(String alias, int status, String body) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new PageDataException(
          "OpenSearch answered " + status + " for " + alias + " with non-JSON: " + abbreviate(body),
          e);
    }
    if (status == 404
        && "index_not_found_exception".equals(json.path("error").path("type").asText())) {
      return Json.MAPPER.createObjectNode();
    }
    if (status != 200) {
      throw new PageDataException(
          "OpenSearch answered " + status + " searching " + alias + ": " + abbreviate(body));
    }
    return json;
  }

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }
}
