package dev.geomonitor.alarms;

import dev.geomonitor.domain.StatusAlert;
import java.util.List;

/**
 * Where alerts come from: {@link AlertFeed} reads them from PostgreSQL; a Kafka consumer could hand
 * them over too.
 */
@FunctionalInterface
public interface AlertSource {
  /**
   * Alerts not applied yet, oldest reading first, at most {@code limit}; an alert handed over twice
   * is harmless.
   */
  List<StatusAlert> next(int limit);
}
