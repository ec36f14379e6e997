package dev.geomonitor.deploy;

import java.util.List;
import java.util.Map;

/**
 * The EMR Serverless calls the job-run resource makes; {@link EmrServerlessJobRuns} is the real
 * one.
 */
public interface JobRuns {

  /** A run as GetJobRun describes it. */
  record Run(String id, String state, String stateDetails, Map<String, String> tags) {
    /** States after which the run holds no workers and writes no checkpoint. */
    public boolean finished() {
      return state.equals("SUCCESS") || state.equals("FAILED") || state.equals("CANCELLED");
    }
  }

  /** What StartJobRun gets. */
  record Start(
      String applicationId,
      String executionRoleArn,
      String name,
      String clientToken,
      String entryPoint,
      String sparkSubmitParameters,
      int maxFailedAttemptsPerHour,
      String logUri,
      String logGroupName,
      Map<String, String> tags) {}

  /**
   * Runs of the application that are not finished (submitted, pending, scheduled, running,
   * cancelling, queued).
   */
  List<Run> unfinished(String applicationId);

  Run get(String applicationId, String jobRunId);

  void cancel(String applicationId, String jobRunId);

  /**
   * @return the new run's id (the same id again for a repeated client token)
   */
  String start(Start start);
}
