package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomResourceCoreTest {

  /** Records what it was asked; fails when told to. */
  private static final class RecordingSetup implements ResourceSetup {
    final List<RequestType> calls = new ArrayList<>();
    RuntimeException failure;

    @Override
    public String kind() {
      return "test-thing";
    }

    @Override
    public Map<String, String> apply(CustomResourceRequest request) {
      calls.add(request.requestType());
      if (failure != null) {
        throw failure;
      }
      return Map.of("Answer", "42");
    }

    @Override
    public Map<String, String> delete(CustomResourceRequest request) {
      calls.add(request.requestType());
      return Map.of();
    }
  }

  private final RecordingSetup setup = new RecordingSetup();
  private final CustomResourceCore core = new CustomResourceCore(setup);

  @Test
  void createAnswersSuccessWithAnIdDerivedFromStackAndLogicalId() {
    CustomResourceResponse response = core.handle(Events.request("topics-create"));

    assertThat(response.status()).isEqualTo(CustomResourceResponse.Status.SUCCESS);
    assertThat(response.physicalResourceId())
        .isEqualTo("test-thing:geomonitor-dev:DeployResourcesTopics");
    assertThat(response.data()).containsEntry("Answer", "42");
    assertThat(response.reason()).isNull();
  }

  @Test
  void retriedCreateAnswersTheSamePhysicalId() {
    String first = core.handle(Events.request("topics-create")).physicalResourceId();
    String second = core.handle(Events.request("topics-create")).physicalResourceId();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void updateKeepsThePhysicalIdCloudFormationHolds() {
    CustomResourceRequest update = Events.request("topics-update");

    CustomResourceResponse response = core.handle(update);

    assertThat(response.physicalResourceId()).isEqualTo(update.physicalResourceId());
    assertThat(setup.calls).containsExactly(RequestType.UPDATE);
  }

  @Test
  void deleteGoesToDeleteAndKeepsThePhysicalId() {
    CustomResourceResponse response = core.handle(Events.request("topics-delete"));

    assertThat(setup.calls).containsExactly(RequestType.DELETE);
    assertThat(response.physicalResourceId())
        .isEqualTo("kafka-topics:geomonitor-dev:DeployResourcesTopics");
    assertThat(response.succeeded()).isTrue();
  }

  @Test
  void aFailureBecomesFailedWithAReasonNamingResourceRequestAndCause() {
    setup.failure =
        new IllegalStateException(
            "cannot reach the cluster", new java.net.ConnectException("Connection refused"));

    CustomResourceResponse response = core.handle(Events.request("topics-create"));

    assertThat(response.status()).isEqualTo(CustomResourceResponse.Status.FAILED);
    assertThat(response.reason())
        .startsWith("test-thing create failed: cannot reach the cluster")
        .contains("ConnectException: Connection refused");
    assertThat(response.physicalResourceId())
        .isEqualTo("test-thing:geomonitor-dev:DeployResourcesTopics");
  }

  @Test
  void aVeryLongReasonIsCutToWhatCloudFormationShows() {
    setup.failure = new IllegalStateException("x".repeat(5000));

    CustomResourceResponse response = core.handle(Events.request("topics-create"));

    assertThat(response.reason()).hasSize(CustomResourceCore.MAX_REASON).endsWith("...");
  }
}
