package dev.geomonitor.alarms.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.geomonitor.alarms.AlarmProcessor;
import dev.geomonitor.alarms.AlarmRuntime;
import dev.geomonitor.platform.settings.SettingValues;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier on AWS: an EventBridge schedule invokes it every minute and it runs one pass of the
 * same processor the local runner schedules (new alerts, instrument watch, deadlines, deliveries,
 * then the changed alarms indexed into OpenSearch when {@code OPENSEARCH_URL} is set). Passes are
 * idempotent, so a repeated or overlapping invocation changes nothing twice; a failed pass throws,
 * Lambda records the error, and the next scheduled pass picks up where it stopped.
 */
public final class NotifierHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierHandler.class);

  private final AlarmProcessor processor;

  /** What the Lambda runtime calls: settings from the environment, clients built once. */
  public NotifierHandler() {
    this(processor(SettingValues.environment()));
  }

  public NotifierHandler(AlarmProcessor processor) {
    this.processor = Objects.requireNonNull(processor, "processor");
  }

  private static AlarmProcessor processor(SettingValues settings) {
    return AlarmRuntime.processor(
        AwsClients.config(settings), AwsClients.database(settings), Clock.systemUTC());
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    AlarmProcessor.Pass pass = processor.runOnce();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("alertsApplied", pass.alertsApplied());
    summary.put("instrumentsWatched", pass.instrumentsWatched());
    summary.put("alarmsTicked", pass.alarmsTicked());
    summary.put("deliveries", pass.deliveries());
    // -1: OpenSearch did not take them this time; they stay due for a later pass.
    summary.put("alarmsIndexed", pass.alarmsIndexed());
    LOG.info("alarm pass {}", summary);
    return summary;
  }
}
