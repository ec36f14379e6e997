package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SigV4RequestSignerTest {

  @Test
  void signsForTheEsServiceInTheRegionWithoutRestrictedHeaders() {
    SigV4RequestSigner signer =
        new SigV4RequestSigner(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
            "ap-southeast-2",
            "es");

    Map<String, String> added =
        signer.authHeaders(
            "POST",
            URI.create(
                "https://vpc-geomonitor.ap-southeast-2.es.amazonaws.com/_dashboards/api/saved_objects/_import"
                    + "?overwrite=true"),
            Map.of("osd-xsrf", "true"),
            "body".getBytes(StandardCharsets.UTF_8));

    assertThat(added.get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/ap-southeast-2/es/aws4_request")
        .contains("osd-xsrf");
    assertThat(added).containsKey("X-Amz-Date");
    assertThat(added.keySet())
        .noneMatch(h -> h.equalsIgnoreCase("host") || h.equalsIgnoreCase("osd-xsrf"));
  }

  @Test
  void aMissingRegionIsRefusedNamingTheSetting() {
    assertThatThrownBy(
            () ->
                new SigV4RequestSigner(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                    null,
                    "es"))
        .hasMessageContaining("AWS_REGION");
  }
}
