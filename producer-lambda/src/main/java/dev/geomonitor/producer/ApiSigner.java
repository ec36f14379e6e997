package dev.geomonitor.producer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Adds the source API's authentication to each request the producer sends. {@code API_AUTH=none}
 * sends requests as they are; {@code sigv4} signs them with AWS Signature Version 4 (service {@code
 * lambda}) using the process's AWS credentials, which is what a Lambda Function URL with {@code
 * AWS_IAM} auth (the dev stack's simulator) requires.
 */
public interface ApiSigner {
  /** The source API's authentication: none, or AWS SigV4. */
  enum ApiAuth {
    NONE,
    SIGV4
  }

  ApiSigner NONE = (request, uri) -> {};

  /** Adds the authentication headers for a GET of {@code uri} to {@code request}. */
  void sign(HttpRequest.Builder request, URI uri);

  /** The signer {@code auth} names; {@code region} is required for SigV4. */
  static ApiSigner of(ApiAuth auth, String region) {
    if (auth == ApiAuth.NONE) {
      return NONE;
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          "API_AUTH=sigv4 needs a signing region: set API_SIGNING_REGION (Lambda sets AWS_REGION)");
    }
    return sigV4(region.strip(), "lambda", DefaultCredentialsProvider.create());
  }

  /**
   * SigV4 with the credentials {@code credentials} resolves per request (they rotate; the provider
   * caches them). The signed headers are copied onto the request, except {@code Host}, which the
   * HTTP client writes itself from the URI (the same value the signature covers).
   */
  static ApiSigner sigV4(String region, String service, AwsCredentialsProvider credentials) {
    AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    return (request, uri) -> {
      SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build();
      SignedRequest signed =
          signer.sign(
              r ->
                  r.identity(credentials.resolveCredentials())
                      .request(unsigned)
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      signed
          .request()
          .forEachHeader(
              (name, values) -> {
                if (!name.toLowerCase(Locale.ROOT).equals("host")) {
                  values.forEach(v -> request.header(name, v));
                }
              });
    };
  }
}
