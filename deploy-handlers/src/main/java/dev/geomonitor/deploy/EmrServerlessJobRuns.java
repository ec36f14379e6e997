package dev.geomonitor.deploy;

import java.util.List;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.CloudWatchLoggingConfiguration;
import software.amazon.awssdk.services.emrserverless.model.ConfigurationOverrides;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunMode;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.RetryPolicy;
import software.amazon.awssdk.services.emrserverless.model.S3MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;

/** {@link JobRuns} over the EMR Serverless API (the handler's role; the region of the Lambda). */
public final class EmrServerlessJobRuns implements JobRuns {
  private static final List<JobRunState> UNFINISHED =
      List.of(
          JobRunState.SUBMITTED,
          JobRunState.PENDING,
          JobRunState.SCHEDULED,
          JobRunState.RUNNING,
          JobRunState.CANCELLING,
          JobRunState.QUEUED);

  private final EmrServerlessClient client;

  public EmrServerlessJobRuns(EmrServerlessClient client) {
    this.client = client;
  }

  public static EmrServerlessJobRuns create(String region) {
    var builder = EmrServerlessClient.builder().httpClientBuilder(ApacheHttpClient.builder());
    if (region != null) {
      builder.region(Region.of(region));
    }
    return new EmrServerlessJobRuns(builder.build());
  }

  @Override
  public List<Run> unfinished(String applicationId) {
    return client
        .listJobRunsPaginator(r -> r.applicationId(applicationId).states(UNFINISHED))
        .jobRuns()
        .stream()
        .map(JobRunSummary::id)
        .map(id -> get(applicationId, id))
        .toList();
  }

  @Override
  public Run get(String applicationId, String jobRunId) {
    JobRun run = client.getJobRun(r -> r.applicationId(applicationId).jobRunId(jobRunId)).jobRun();
    return new Run(
        run.jobRunId(),
        run.stateAsString(),
        run.stateDetails() == null ? "" : run.stateDetails(),
        run.tags());
  }

  @Override
  public void cancel(String applicationId, String jobRunId) {
    client.cancelJobRun(r -> r.applicationId(applicationId).jobRunId(jobRunId));
  }

  @Override
  public String start(Start start) {
    return client
        .startJobRun(
            r ->
                r.applicationId(start.applicationId())
                    .executionRoleArn(start.executionRoleArn())
                    .name(start.name())
                    .clientToken(start.clientToken())
                    .mode(JobRunMode.STREAMING)
                    .retryPolicy(
                        RetryPolicy.builder()
                            .maxFailedAttemptsPerHour(start.maxFailedAttemptsPerHour())
                            .build())
                    .jobDriver(
                        JobDriver.fromSparkSubmit(
                            SparkSubmit.builder()
                                .entryPoint(start.entryPoint())
                                .sparkSubmitParameters(start.sparkSubmitParameters())
                                .build()))
                    .configurationOverrides(
                        ConfigurationOverrides.builder()
                            .monitoringConfiguration(
                                MonitoringConfiguration.builder()
                                    .s3MonitoringConfiguration(
                                        S3MonitoringConfiguration.builder()
                                            .logUri(start.logUri())
                                            .build())
                                    .cloudWatchLoggingConfiguration(
                                        CloudWatchLoggingConfiguration.builder()
                                            .enabled(true)
                                            .logGroupName(start.logGroupName())
                                            .build())
                                    .build())
                            .build())
                    .tags(start.tags()))
        .jobRunId();
  }
}
