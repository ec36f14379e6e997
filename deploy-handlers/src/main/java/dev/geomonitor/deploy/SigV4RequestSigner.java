package dev.geomonitor.deploy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs a request with AWS Signature V4 for an OpenSearch Service domain that uses IAM (service
 * {@code es}).
 */
public final class SigV4RequestSigner implements RequestSigner {
  /** The JDK HttpClient sets these itself and refuses them from callers. */
  private static final List<String> RESTRICTED = List.of("host", "content-length", "connection");

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final String service;

  public SigV4RequestSigner(AwsCredentialsProvider credentials, String region, String service) {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("SigV4 signing needs a region: set AWS_REGION");
    }
    this.credentials = credentials;
    this.region = region;
    this.service = service;
  }

  @Override
  public Map<String, String> authHeaders(
      String method, URI uri, Map<String, String> headers, byte[] body) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
    headers.forEach(request::putHeader);
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Map<String, String> added = new LinkedHashMap<>();
    signed
        .request()
        .forEachHeader(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))
                  && !headers.containsKey(name)) {
                added.put(name, String.join(",", values));
              }
            });
    return added;
  }
}
