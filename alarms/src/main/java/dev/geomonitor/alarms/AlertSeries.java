package dev.geomonitor.alarms;

import dev.geomonitor.domain.NaturalKeys;
import dev.geomonitor.domain.StatusAlert;

/**
 * The series an alert belongs to, from its id ({@code series:ts:STATUS}, see {@link
 * NaturalKeys#alertId}).
 */
final class AlertSeries {
  private AlertSeries() {}

  static String seriesKey(StatusAlert alert) {
    String suffix = ":" + NaturalKeys.timestamp(alert.ts()) + ":" + alert.status().name();
    String id = alert.alertId();
    if (id != null && id.endsWith(suffix) && id.length() > suffix.length()) {
      return id.substring(0, id.length() - suffix.length());
    }
    // An id of another shape (never written by the job): the instrument is the series.
    return NaturalKeys.seriesKey(alert.instrument(), alert.boreholeNumber(), null);
  }
}
