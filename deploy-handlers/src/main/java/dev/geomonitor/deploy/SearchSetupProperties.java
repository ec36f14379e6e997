package dev.geomonitor.deploy;

import dev.geomonitor.domain.PipelineVersion;
import java.net.URI;

/**
 * The search-setup resource's properties.
 *
 * @param openSearchUrl {@code OpenSearchUrl}: the domain endpoint, https://...
 * @param credentialsSecretArn {@code CredentialsSecretArn}: the fine-grained access control user's
 *     secret ({@code {"username", "password"}}) for basic auth; absent: requests are SigV4-signed
 *     with the handler's role
 * @param pipelineVersion {@code PipelineVersion}: the version whose indexes are created (aliases
 *     get it only when new)
 * @param indexPrefix {@code IndexPrefix}, optional: prepended to every alias, index and template
 *     (tests)
 * @param dashboardsUrl {@code DashboardsUrl}, optional: defaults to the domain's {@code
 *     /_dashboards}
 */
public record SearchSetupProperties(
    URI openSearchUrl,
    String credentialsSecretArn,
    PipelineVersion pipelineVersion,
    String indexPrefix,
    URI dashboardsUrl) {

  public static SearchSetupProperties from(ResourceProperties properties) {
    URI url = uri("OpenSearchUrl", properties.required("OpenSearchUrl"));
    String dashboards = properties.optional("DashboardsUrl");
    return new SearchSetupProperties(
        url,
        properties.optional("CredentialsSecretArn"),
        PipelineVersion.parse(properties.required("PipelineVersion")),
        properties.optional("IndexPrefix") == null ? "" : properties.optional("IndexPrefix"),
        dashboards == null
            ? uri("OpenSearchUrl", stripSlash(url.toString()) + "/_dashboards")
            : uri("DashboardsUrl", dashboards));
  }

  private static URI uri(String name, String text) {
    try {
      URI uri = URI.create(stripSlash(text));
      if (uri.getHost() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        throw new IllegalArgumentException("no http(s) host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "resource property "
              + name
              + "='"
              + text
              + "' is not an http(s) URL such as https://vpc-geomonitor-abc.ap-southeast-2.es.amazonaws.com",
          e);
    }
  }

  private static String stripSlash(String text) {
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }
}
