package dev.geomonitor.infra;

/**
 * Lambda and EMR entry points of the other modules' jars; the CDK app names them, the modules
 * implement them.
 */
public final class HandlerClasses {
  public static final String PRODUCER = "dev.geomonitor.producer.PollHandler";
  public static final String SEARCH_SINK = "dev.geomonitor.searchsink.SearchSinkHandler";

  /** The scheduled retention pass; in the search sink's jar. */
  public static final String SEARCH_RETENTION = "dev.geomonitor.searchsink.IndexRetentionHandler";

  public static final String SIMULATOR = "dev.geomonitor.simulator.FunctionUrlHandler";
  public static final String STREAMING_JOB = "dev.geomonitor.job.StreamingJob";
  public static final String TOPICS_RESOURCE = "dev.geomonitor.deploy.TopicsResourceHandler";
  public static final String SCHEMA_MIGRATION = "dev.geomonitor.deploy.SchemaMigrationHandler";
  public static final String SEARCH_SETUP = "dev.geomonitor.deploy.SearchSetupHandler";
  public static final String ALARM_NOTIFIER = "dev.geomonitor.alarms.lambda.NotifierHandler";
  public static final String ALARM_API = "dev.geomonitor.alarms.lambda.AlarmApiHandler";
  public static final String JOB_RUN_RESOURCE = "dev.geomonitor.deploy.JobRunResourceHandler";

  private HandlerClasses() {}
}
