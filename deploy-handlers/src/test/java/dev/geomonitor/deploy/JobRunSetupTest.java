package dev.geomonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.geomonitor.domain.Json;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job-run resource's lifecycle against a scripted EMR Serverless (states advance one step per
 * look).
 */
class JobRunSetupTest {
  private static final String APP = "00fabc";
  private static final String CHECKPOINT = "s3://bucket/checkpoints/v1";

  /** Runs whose states follow a script; every call is recorded in order. */
  static final class ScriptedRuns implements JobRuns {
    final Map<String, Deque<String>> script = new HashMap<>();
    final Map<String, Run> runs = new LinkedHashMap<>();
    final Map<String, String> byToken = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<Start> starts = new ArrayList<>();
    List<String> afterStart = List.of("SUBMITTED", "PENDING", "SCHEDULED", "RUNNING");
    String failureDetails = "";

    void existing(String id, String state, Map<String, String> tags) {
      runs.put(id, new Run(id, state, "", tags));
    }

    @Override
    public List<Run> unfinished(String applicationId) {
      return runs.values().stream().filter(r -> !r.finished()).toList();
    }

    @Override
    public Run get(String applicationId, String jobRunId) {
      Run run = runs.get(jobRunId);
      Deque<String> next = script.get(jobRunId);
      if (next != null && !next.isEmpty()) {
        String state = next.poll();
        run = new Run(jobRunId, state, state.equals("FAILED") ? failureDetails : "", run.tags());
        runs.put(jobRunId, run);
      }
      return run;
    }

    @Override
    public void cancel(String applicationId, String jobRunId) {
      calls.add("cancel " + jobRunId);
      script.put(jobRunId, new ArrayDeque<>(List.of("CANCELLING", "CANCELLED")));
    }

    @Override
    public String start(Start start) {
      calls.add("start " + start.clientToken());
      starts.add(start);
      String id = byToken.get(start.clientToken());
      if (id == null) {
        id = "run-" + (runs.size() + 1);
        byToken.put(start.clientToken(), id);
        runs.put(id, new Run(id, "SUBMITTED", "", start.tags()));
        script.put(id, new ArrayDeque<>(afterStart));
      }
      return id;
    }
  }

  private final ScriptedRuns emr = new ScriptedRuns();
  private final List<Duration> pauses = new ArrayList<>();
  private final CustomResourceCore core =
      new CustomResourceCore(new JobRunSetup(emr, pauses::add, Duration.ofSeconds(10)));

  private static CustomResourceRequest event(String type, String requestId) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("RequestType", type);
    event.put("RequestId", requestId);
    event.put(
        "StackId", "arn:aws:cloudformation:ap-southeast-2:123456789012:stack/Geomonitor-dev/guid");
    event.put("LogicalResourceId", "SparkStreamingJobRun");
    if (!type.equals("Create")) {
      event.put("PhysicalResourceId", "emr-job-run:Geomonitor-dev:SparkStreamingJobRun");
    }
    ObjectNode p = event.putObject("ResourceProperties");
    p.put("ApplicationId", APP);
    p.put("ExecutionRoleArn", "arn:aws:iam::123456789012:role/job");
    p.put("Name", "geomonitor-streaming-abc");
    p.put("EntryPoint", "s3://assets/job.jar");
    p.put("SparkSubmitParameters", "--class dev.geomonitor.job.StreamingJob");
    p.put("MaxFailedAttemptsPerHour", "5");
    p.put("LogUri", "s3://bucket/emr-logs/");
    p.put("LogGroupName", "job-logs");
    p.put("CheckpointLocation", CHECKPOINT);
    p.put("ConfigHash", "abc");
    p.put("StartTimeoutSeconds", "120");
    return CustomResourceRequest.parse(event);
  }

  @Test
  void createStartsTheRunAndWaitsUntilItIsRunning() {
    CustomResourceResponse response = core.handle(event("Create", "req-1"));

    assertThat(response.succeeded()).isTrue();
    assertThat(response.data())
        .containsEntry("JobRunId", "run-1")
        .containsEntry("State", "RUNNING");
    assertThat(pauses).hasSize(3);
  }

  @Test
  void clientTokenIsTheRequestIdSoEveryDeployStartsANewRun() {
    core.handle(event("Create", "req-1"));
    core.handle(event("Update", "req-2"));

    assertThat(emr.starts).extracting(JobRuns.Start::clientToken).containsExactly("req-1", "req-2");
    assertThat(emr.runs).hasSize(2);
  }

  @Test
  void previousRunOnTheCheckpointHasFinishedBeforeTheNewOneStarts() {
    emr.existing("old", "RUNNING", Map.of(JobRunSetup.TAG_CHECKPOINT, CHECKPOINT));

    CustomResourceResponse response = core.handle(event("Update", "req-2"));

    assertThat(response.succeeded()).isTrue();
    assertThat(emr.calls).containsExactly("cancel old", "start req-2");
    assertThat(emr.runs.get("old").state()).isEqualTo("CANCELLED");
    assertThat(response.data()).containsEntry("StoppedRuns", "1");
  }

  @Test
  void previousRunOfThisResourceOnAnotherCheckpointIsStoppedToo() {
    emr.existing(
        "v1",
        "RUNNING",
        Map.of(
            JobRunSetup.TAG_OWNER,
            "Geomonitor-dev/SparkStreamingJobRun",
            JobRunSetup.TAG_CHECKPOINT,
            "s3://bucket/checkpoints/v0"));

    core.handle(event("Update", "req-2"));

    assertThat(emr.calls).containsExactly("cancel v1", "start req-2");
  }

  @Test
  void runsOfOtherCheckpointsAndOwnersAreLeftAlone() {
    emr.existing(
        "other", "RUNNING", Map.of(JobRunSetup.TAG_CHECKPOINT, "s3://other/checkpoints/v1"));

    core.handle(event("Create", "req-1"));

    assertThat(emr.calls).containsExactly("start req-1");
    assertThat(emr.runs.get("other").state()).isEqualTo("RUNNING");
  }

  @Test
  void retriedRequestKeepsItsOwnRunInsteadOfStoppingIt() {
    core.handle(event("Create", "req-1"));
    CustomResourceResponse retried = core.handle(event("Create", "req-1"));

    assertThat(retried.data()).containsEntry("JobRunId", "run-1").containsEntry("StoppedRuns", "0");
    assertThat(emr.calls).containsExactly("start req-1", "start req-1");
  }

  @Test
  void runThatFailsToStartFailsTheDeployWithItsStateAndReason() {
    emr.afterStart = List.of("PENDING", "FAILED");
    emr.failureDetails = "Job failed: worker memory 16 GB exceeds maximum capacity";

    CustomResourceResponse response = core.handle(event("Create", "req-1"));

    assertThat(response.succeeded()).isFalse();
    assertThat(response.reason())
        .startsWith("emr-job-run create failed: job run run-1 ended FAILED instead of running")
        .contains("worker memory 16 GB exceeds maximum capacity");
  }

  @Test
  void runThatNeverStartsFailsAfterTheTimeoutWithItsLastState() {
    emr.afterStart = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      emr.afterStart.add("PENDING");
    }

    CustomResourceResponse response = core.handle(event("Create", "req-1"));

    assertThat(response.reason()).contains("is still PENDING after PT2M");
  }

  @Test
  void deleteStopsTheResourcesRun() {
    core.handle(event("Create", "req-1"));

    CustomResourceResponse deleted = core.handle(event("Delete", "req-3"));

    assertThat(deleted.data()).containsEntry("StoppedRuns", "1");
    assertThat(emr.runs.get("run-1").state()).isEqualTo("CANCELLED");
  }
}
