package dev.geomonitor.deploy;

import dev.geomonitor.domain.Json;
import dev.geomonitor.searchsink.DocumentKind;
import dev.geomonitor.searchsink.IndexLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-grained access control for the search sink: an OpenSearch security role that may write the
 * pipeline's indexes (and keep their templates and aliases) and nothing else, mapped to the sink's
 * IAM role ARN as a backend role, so the sink signs its requests with SigV4 as itself instead of
 * logging in as the master user. Both are PUTs of the security plugin's REST API ({@code
 * _plugins/_security/api/roles/..} and {@code ../rolesmapping/..}), idempotent.
 *
 * <p>The alarm notifier gets a role of its own the same way ({@link #applyAlarmsWriter}): it may
 * keep the alarms template, index and alias and write alarm documents, nothing else.
 */
public final class SinkRoleMapping {
  public static final String ROLE = "geomonitor_sink_writer";

  /** The notifier's role: writes the alarms index (alarms module, AlarmIndexer). */
  public static final String ALARMS_ROLE = "geomonitor_alarms_writer";

  private final HttpClient http;
  private final Duration timeout;

  public SinkRoleMapping(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** One request of the mapping: method PUT, the path below the domain URL, and the JSON body. */
  record Put(String path, String body) {}

  /**
   * What the sink writes and ages out: each kind's alias and its indexes ({@code readings}, {@code
   * readings-v*}, ... , {@code deadletters-v*}) with the prefix; not the alarms, which have their
   * own writer.
   */
  static List<String> sinkIndexPatterns(String indexPrefix) {
    IndexLayout layout = new IndexLayout(indexPrefix);
    List<String> patterns = new ArrayList<>();
    for (DocumentKind kind : DocumentKind.values()) {
      if (kind != DocumentKind.ALARMS) {
        patterns.add(layout.alias(kind));
        patterns.add(layout.indexPattern(kind));
      }
    }
    return patterns;
  }

  /**
   * The role (permissions on the indexes of {@link #sinkIndexPatterns}) and its mapping to the
   * sink's IAM role.
   */
  static List<Put> requests(String indexPrefix, String sinkRoleArn) {
    return roleAndMapping(
        ROLE,
        "geomonitor search sink: writes the pipeline's indexes",
        List.of("cluster_monitor"),
        sinkIndexPatterns(indexPrefix),
        "the search sink's Lambda role",
        sinkRoleArn);
  }

  /**
   * The alarms writer role (the {@code alarms} alias and its {@code alarms-v*} indexes, with the
   * prefix) and its mapping to the notifier's IAM role.
   */
  static List<Put> alarmsRequests(String indexPrefix, String notifierRoleArn) {
    IndexLayout layout = new IndexLayout(indexPrefix);
    return roleAndMapping(
        ALARMS_ROLE,
        "geomonitor alarm notifier: indexes the alarms for Dashboards",
        List.of(),
        List.of(layout.alias(DocumentKind.ALARMS), layout.indexPattern(DocumentKind.ALARMS)),
        "the alarm notifier's Lambda role",
        notifierRoleArn);
  }

  /**
   * A writer role (bulk writes, its templates, and on {@code patterns} documents, index creation,
   * aliases and mappings) and the mapping of an IAM role to it.
   */
  private static List<Put> roleAndMapping(
      String name,
      String description,
      List<String> moreClusterPermissions,
      List<String> patterns,
      String mappingDescription,
      String iamRoleArn) {
    List<String> cluster = new ArrayList<>(moreClusterPermissions);
    cluster.addAll(
        List.of(
            "indices:data/write/bulk",
            "indices:admin/index_template/get",
            "indices:admin/index_template/put"));
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("description", description);
    role.put("cluster_permissions", cluster);
    role.put(
        "index_permissions",
        List.of(
            Map.of(
                "index_patterns",
                patterns,
                "allowed_actions",
                List.of(
                    "crud",
                    "create_index",
                    "indices:admin/aliases",
                    "indices:admin/aliases/get",
                    "indices:admin/mapping/put",
                    "indices:admin/get"))));
    Map<String, Object> mapping =
        Map.of("description", mappingDescription, "backend_roles", List.of(iamRoleArn));
    try {
      return List.of(
          new Put("/_plugins/_security/api/roles/" + name, Json.MAPPER.writeValueAsString(role)),
          new Put(
              "/_plugins/_security/api/rolesmapping/" + name,
              Json.MAPPER.writeValueAsString(mapping)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the role mapping " + name, e);
    }
  }

  /**
   * @return the number of requests the domain accepted (2)
   */
  public int apply(
      URI openSearchUrl, RequestSigner signer, String indexPrefix, String sinkRoleArn) {
    return send(openSearchUrl, signer, requests(indexPrefix, sinkRoleArn));
  }

  /**
   * Maps the notifier's IAM role to {@link #ALARMS_ROLE}.
   *
   * @return the number of requests the domain accepted (2)
   */
  public int applyAlarmsWriter(
      URI openSearchUrl, RequestSigner signer, String indexPrefix, String notifierRoleArn) {
    return send(openSearchUrl, signer, alarmsRequests(indexPrefix, notifierRoleArn));
  }

  private int send(URI openSearchUrl, RequestSigner signer, List<Put> puts) {
    int done = 0;
    for (Put put : puts) {
      URI uri = URI.create(openSearchUrl.toString().replaceAll("/+$", "") + put.path());
      byte[] body = put.body().getBytes(StandardCharsets.UTF_8);
      Map<String, String> headers = Map.of("Content-Type", "application/json");
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      signer.authHeaders("PUT", uri, headers, body).forEach(request::header);
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
          throw new IllegalStateException(
              "PUT "
                  + put.path()
                  + " answered "
                  + response.statusCode()
                  + ": "
                  + response.body()
                  + " (the domain needs fine-grained access control, and the handler the master"
                  + " user's credentials)");
        }
      } catch (IOException e) {
        throw new IllegalStateException("PUT " + put.path() + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during PUT " + put.path(), e);
      }
      done++;
    }
    return done;
  }
}
