package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.producer.StubApi.Reply;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class ApiSignerTest {
  private StubApi api;

  @AfterEach
  void closeApi() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void sigV4SignsEveryAttemptForTheLambdaServiceInTheRegion() throws Exception {
    // Given an API (a Function URL with AWS_IAM auth, here a local server) that fails once, then
    // answers
    api = StubApi.start().then(Reply.status(503)).then(Reply.ok(ApiBodies.V1_STANDPIPES));
    ApiSigner signer =
        ApiSigner.sigV4(
            "ap-southeast-2",
            "lambda",
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "secret-example")));
    SourceApiClient client =
        new SourceApiClient(
            SourceApiClient.httpClient(Duration.ofSeconds(1)),
            api.baseUrl(),
            Duration.ofSeconds(2),
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)),
            new RecordingSleeper(),
            Clock.systemUTC(),
            () -> 0.0,
            SourceApiClient.MAX_BODY_BYTES,
            signer);

    // When an endpoint is fetched
    FetchedBody body = client.fetch("/params/all/");

    // Then both attempts carried a SigV4 authorization over the host, for lambda in that region
    assertThat(body.body()).isEqualTo(ApiBodies.V1_STANDPIPES);
    assertThat(api.requestHeaders()).hasSize(2).allSatisfy(ApiSignerTest::isSigned);
  }

  private static void isSigned(Map<String, String> headers) {
    assertThat(headers.get("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/ap-southeast-2/lambda/aws4_request")
        .containsPattern("SignedHeaders=[a-z0-9;-]*host")
        .containsPattern("Signature=[0-9a-f]{64}");
    assertThat(headers.get("x-amz-date")).matches("\\d{8}T\\d{6}Z");
    assertThat(headers.get("accept")).isEqualTo("application/json");
  }

  @Test
  void noneSendsRequestsUnsigned() throws Exception {
    api = StubApi.start().then(Reply.ok(ApiBodies.V1_STANDPIPES));
    SourceApiClient client =
        new SourceApiClient(
            SourceApiClient.httpClient(Duration.ofSeconds(1)),
            api.baseUrl(),
            Duration.ofSeconds(2),
            new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)),
            new RecordingSleeper(),
            Clock.systemUTC(),
            () -> 0.0);

    client.fetch("/params/all/");

    assertThat(api.requestHeaders())
        .singleElement()
        .satisfies(h -> assertThat(h).doesNotContainKey("authorization"));
  }

  @Test
  void sigV4NeedsARegionAndTakesLambdasOwn() {
    assertThatThrownBy(() -> ProducerConfig.fromSettings(Map.of("API_AUTH", "sigv4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("API_SIGNING_REGION");
    assertThat(
            ProducerConfig.fromSettings(Map.of("API_AUTH", "sigv4", "AWS_REGION", "ap-southeast-2"))
                .signingRegion())
        .isEqualTo("ap-southeast-2");
    assertThat(
            ProducerConfig.fromSettings(
                    Map.of(
                        "API_AUTH",
                        "sigv4",
                        "AWS_REGION",
                        "ap-southeast-2",
                        "API_SIGNING_REGION",
                        "us-east-1"))
                .signingRegion())
        .isEqualTo("us-east-1");
    assertThatThrownBy(() -> ProducerConfig.fromSettings(Map.of("API_AUTH", "iam")))
        .hasMessageContaining("API_AUTH='iam'");
  }
}
