package dev.geomonitor.searchsink;

import dev.geomonitor.platform.settings.SettingValues;
import dev.geomonitor.searchsink.SearchSinkConfig.AuthMode;
import java.net.URI;
import java.util.Objects;

/**
 * Where an OpenSearch cluster is and how to sign in to it: what {@link OpenSearchClients} needs,
 * apart from everything else the sink is configured with, so another writer (the alarm processor)
 * connects the same way from the same settings.
 *
 * @param url e.g. {@code http://127.0.0.1:9200} or the HTTPS endpoint of an OpenSearch Service
 *     domain
 * @param username basic auth user (null with a secret or another mode)
 * @param password basic auth password (never logged)
 * @param secretArn Secrets Manager secret holding username and password (basic auth), or null
 * @param region SigV4 signing region (required for {@link AuthMode#SIGV4})
 * @param signingService {@code es} for OpenSearch Service domains
 */
public record OpenSearchConnection(
    URI url,
    AuthMode authMode,
    String username,
    String password,
    String secretArn,
    String region,
    String signingService) {

  public OpenSearchConnection {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(authMode, "authMode");
    if (authMode == AuthMode.BASIC && secretArn == null && (username == null || password == null)) {
      throw new IllegalArgumentException(
          "OPENSEARCH_AUTH=basic needs OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD, or OPENSEARCH_SECRET_ARN");
    }
    if (authMode == AuthMode.SIGV4 && (region == null || region.isBlank())) {
      throw new IllegalArgumentException(
          "OPENSEARCH_AUTH=sigv4 needs AWS_REGION (or OPENSEARCH_REGION)");
    }
  }

  /** A cluster without authentication (a local node, a test). */
  public static OpenSearchConnection plain(URI url) {
    return new OpenSearchConnection(
        url,
        AuthMode.NONE,
        null,
        null,
        null,
        null,
        SearchSinkConfig.OPENSEARCH_SIGNING_SERVICE.defaultValue());
  }

  /**
   * The cluster at {@code url}, signed in to as the search sink's settings say ({@code
   * OPENSEARCH_AUTH}, {@code OPENSEARCH_USERNAME}, {@code OPENSEARCH_PASSWORD}, {@code
   * OPENSEARCH_SECRET_ARN}, {@code OPENSEARCH_REGION} or {@code AWS_REGION}, {@code
   * OPENSEARCH_SIGNING_SERVICE}).
   */
  public static OpenSearchConnection from(SettingValues s, URI url) {
    return new OpenSearchConnection(
        url,
        s.get(SearchSinkConfig.OPENSEARCH_AUTH),
        s.optional(SearchSinkConfig.OPENSEARCH_USERNAME).orElse(null),
        s.optional(SearchSinkConfig.OPENSEARCH_PASSWORD).orElse(null),
        s.optional(SearchSinkConfig.OPENSEARCH_SECRET_ARN).orElse(null),
        s.optional(SearchSinkConfig.OPENSEARCH_REGION)
            .orElse(s.optional(SearchSinkConfig.AWS_REGION).orElse(null)),
        s.get(SearchSinkConfig.OPENSEARCH_SIGNING_SERVICE));
  }

  /** Without the password, which must never reach a log. */
  @Override
  public String toString() {
    return "OpenSearchConnection[" + url + ", " + authMode + "]";
  }
}
