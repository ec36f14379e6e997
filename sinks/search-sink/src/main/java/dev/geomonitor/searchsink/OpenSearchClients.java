package dev.geomonitor.searchsink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.geomonitor.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The one place an OpenSearch client is built, for each {@link SearchSinkConfig.AuthMode}: the
 * sink's and the alarm processor's.
 */
public final class OpenSearchClients {
  /**
   * Bulk requests of a few MB on a busy domain can take seconds; a stuck socket must still fail,
   * not hang a batch.
   */
  private static final Timeout RESPONSE_TIMEOUT = Timeout.ofSeconds(60);

  private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);

  private OpenSearchClients() {}

  public static OpenSearchClient create(SearchSinkConfig config) {
    return create(config.connection());
  }

  public static OpenSearchClient create(OpenSearchConnection config) {
    OpenSearchTransport transport =
        switch (config.authMode()) {
          case NONE -> httpTransport(config.url(), null, null);
          case BASIC -> basicTransport(config);
          case SIGV4 -> sigV4Transport(config);
        };
    return new OpenSearchClient(transport);
  }

  private static OpenSearchTransport basicTransport(OpenSearchConnection config) {
    if (config.secretArn() != null) {
      JsonNode secret = readSecret(config.secretArn(), config.region());
      return httpTransport(
          config.url(), text(secret, "username", config), text(secret, "password", config));
    }
    return httpTransport(config.url(), config.username(), config.password());
  }

  private static OpenSearchTransport httpTransport(URI url, String username, String password) {
    HttpHost host =
        new HttpHost(
            url.getScheme(), url.getHost(), url.getPort() < 0 ? defaultPort(url) : url.getPort());
    ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(host);
    builder.setMapper(new JacksonJsonpMapper());
    builder.setRequestConfigCallback(
        request ->
            RequestConfig.copy(request.build())
                .setConnectTimeout(CONNECT_TIMEOUT)
                .setResponseTimeout(RESPONSE_TIMEOUT));
    if (username != null) {
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      credentials.setCredentials(
          new AuthScope(host), new UsernamePasswordCredentials(username, password.toCharArray()));
      builder.setHttpClientConfigCallback(
          client -> client.setDefaultCredentialsProvider(credentials));
    }
    return builder.build();
  }

  private static OpenSearchTransport sigV4Transport(OpenSearchConnection config) {
    ApacheHttpClient.Builder http =
        ApacheHttpClient.builder()
            .connectionTimeout(Duration.ofMillis(CONNECT_TIMEOUT.toMilliseconds()))
            .socketTimeout(Duration.ofMillis(RESPONSE_TIMEOUT.toMilliseconds()));
    return new AwsSdk2Transport(
        http.build(),
        config.url().getHost(),
        config.signingService(),
        Region.of(config.region()),
        AwsSdk2TransportOptions.builder().setMapper(new JacksonJsonpMapper()).build());
  }

  private static JsonNode readSecret(String arn, String region) {
    var builder = SecretsManagerClient.builder().httpClientBuilder(ApacheHttpClient.builder());
    if (region != null) {
      builder.region(Region.of(region));
    }
    try (SecretsManagerClient secrets = builder.build()) {
      String json = secrets.getSecretValue(r -> r.secretId(arn)).secretString();
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(
          "secret " + arn + " is not JSON: it must hold {\"username\": ..., \"password\": ...}", e);
    }
  }

  private static String text(JsonNode secret, String field, OpenSearchConnection config) {
    JsonNode node = secret.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalStateException(
          "secret "
              + config.secretArn()
              + " has no text field '"
              + field
              + "'; store {\"username\", \"password\"}");
    }
    return node.asText();
  }

  private static int defaultPort(URI url) {
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }
}
