package dev.geomonitor.deploy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job run resource ({@code Custom::GeomonitorJobRun}). On Create and Update it first
 * stops every unfinished run that writes the same checkpoint or belongs to this resource and waits
 * until they have finished, then starts the new run with a client token unique to the
 * CloudFormation request (a retried request gets the same run, a new deploy always a new one) and
 * waits until it is RUNNING; a run that ends instead fails the deploy with its state and EMR's
 * reason. Delete stops the resource's runs. So two runs never share a checkpoint.
 *
 * <p>Properties: {@code ApplicationId}, {@code ExecutionRoleArn}, {@code Name}, {@code EntryPoint},
 * {@code SparkSubmitParameters}, {@code MaxFailedAttemptsPerHour}, {@code LogUri}, {@code
 * LogGroupName}, {@code CheckpointLocation}, {@code ConfigHash}, optional {@code
 * StartTimeoutSeconds} (default 600).
 */
public final class JobRunSetup implements ResourceSetup {
  static final String TAG_CHECKPOINT = "geomonitor:checkpoint";
  static final String TAG_OWNER = "geomonitor:owner";
  static final String TAG_CONFIG_HASH = "geomonitor:config-hash";
  private static final Logger LOG = LoggerFactory.getLogger(JobRunSetup.class);

  /** How the setup waits between two looks at a run (tests do not wait). */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration);
  }

  private final JobRuns runs;
  private final Pause pause;
  private final Duration pollInterval;

  public JobRunSetup(JobRuns runs, Pause pause, Duration pollInterval) {
    this.runs = runs;
    this.pause = pause;
    this.pollInterval = pollInterval;
  }

  @Override
  public String kind() {
    return "emr-job-run";
  }

  @Override
  public Map<String, String> apply(CustomResourceRequest request) {
    ResourceProperties p = request.properties();
    String applicationId = p.required("ApplicationId");
    String checkpoint = p.required("CheckpointLocation");
    String owner = owner(request);
    Duration timeout =
        Duration.ofSeconds(
            p.optional("StartTimeoutSeconds") == null
                ? 600
                : p.requiredLong("StartTimeoutSeconds"));
    if (request.requestId() == null || request.requestId().isBlank()) {
      throw new IllegalArgumentException(
          "the event has no RequestId: the client token must be unique per request");
    }
    // A retried request finds its own run by client token; stop only runs that a different request
    // started.
    String clientToken = request.requestId();
    int stopped =
        stopRuns(
            applicationId,
            run ->
                !clientToken.equals(run.tags().get("geomonitor:request"))
                    && (checkpoint.equals(run.tags().get(TAG_CHECKPOINT))
                        || owner.equals(run.tags().get(TAG_OWNER))),
            timeout);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_CHECKPOINT, checkpoint);
    tags.put(TAG_OWNER, owner);
    tags.put(TAG_CONFIG_HASH, p.optional("ConfigHash") == null ? "" : p.optional("ConfigHash"));
    tags.put("geomonitor:request", clientToken);
    String runId =
        runs.start(
            new JobRuns.Start(
                applicationId,
                p.required("ExecutionRoleArn"),
                p.required("Name"),
                clientToken,
                p.required("EntryPoint"),
                p.required("SparkSubmitParameters"),
                (int) p.requiredLong("MaxFailedAttemptsPerHour"),
                p.required("LogUri"),
                p.required("LogGroupName"),
                tags));
    JobRuns.Run running = awaitRunning(applicationId, runId, timeout);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("JobRunId", running.id());
    data.put("State", running.state());
    data.put("StoppedRuns", Integer.toString(stopped));
    return data;
  }

  /**
   * Stops the resource's runs (the stack or the resource goes away); the checkpoint stays for a
   * later run.
   */
  @Override
  public Map<String, String> delete(CustomResourceRequest request) {
    ResourceProperties p = request.properties();
    String applicationId = p.optional("ApplicationId");
    if (applicationId == null) {
      return Map.of("StoppedRuns", "0");
    }
    String owner = owner(request);
    String checkpoint = Objects.requireNonNullElse(p.optional("CheckpointLocation"), "");
    int stopped =
        stopRuns(
            applicationId,
            run ->
                owner.equals(run.tags().get(TAG_OWNER))
                    || checkpoint.equals(run.tags().get(TAG_CHECKPOINT)),
            Duration.ofMinutes(10));
    return Map.of("StoppedRuns", Integer.toString(stopped));
  }

  private static String owner(CustomResourceRequest request) {
    return request.stackName() + "/" + request.logicalResourceId();
  }

  private int stopRuns(
      String applicationId, java.util.function.Predicate<JobRuns.Run> match, Duration timeout) {
    List<JobRuns.Run> toStop = runs.unfinished(applicationId).stream().filter(match).toList();
    for (JobRuns.Run run : toStop) {
      if (!run.state().equals("CANCELLING")) {
        LOG.info("cancelling job run {} ({}) before starting its successor", run.id(), run.state());
        runs.cancel(applicationId, run.id());
      }
    }
    for (JobRuns.Run run : toStop) {
      awaitFinished(applicationId, run.id(), timeout);
    }
    return toStop.size();
  }

  private void awaitFinished(String applicationId, String runId, Duration timeout) {
    JobRuns.Run run = runs.get(applicationId, runId);
    for (long waited = 0; !run.finished(); waited += pollInterval.toMillis()) {
      if (waited >= timeout.toMillis()) {
        throw new IllegalStateException(
            "job run "
                + runId
                + " is still "
                + run.state()
                + " after "
                + timeout
                + " of cancelling; a new run on its checkpoint would write beside it. Cancel it"
                + " (aws emr-serverless cancel-job-run) and retry the deploy");
      }
      pause.pause(pollInterval);
      run = runs.get(applicationId, runId);
    }
  }

  private JobRuns.Run awaitRunning(String applicationId, String runId, Duration timeout) {
    JobRuns.Run run = runs.get(applicationId, runId);
    for (long waited = 0; !run.state().equals("RUNNING"); waited += pollInterval.toMillis()) {
      if (run.finished()) {
        throw new IllegalStateException(
            "job run "
                + runId
                + " ended "
                + run.state()
                + " instead of running: "
                + (run.stateDetails().isEmpty() ? "EMR gave no reason" : run.stateDetails())
                + " (driver log: the run's CloudWatch log group and LogUri)");
      }
      if (waited >= timeout.toMillis()) {
        throw new IllegalStateException(
            "job run "
                + runId
                + " is still "
                + run.state()
                + " after "
                + timeout
                + " ("
                + run.stateDetails()
                + "); check the application's capacity and the run in EMR Studio");
      }
      pause.pause(pollInterval);
      run = runs.get(applicationId, runId);
    }
    return run;
  }
}
