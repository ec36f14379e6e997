package dev.geomonitor.local.page;

import dev.geomonitor.domain.EnrichedReading;
import dev.geomonitor.domain.StatusAlert;
import java.util.List;

/**
 * The live side of the page: what the search sink indexed (or the stable PostgreSQL views), read
 * through the stable names only ({@code readings}/{@code alerts} aliases, {@code monitoring.*}
 * views) so reprocessing can switch versions underneath. Implementations throw {@link
 * PageDataException} when their store cannot answer.
 */
public interface LiveReadings {

  /**
   * The most recent reading of every instrument, in any order. Empty before anything was indexed.
   */
  List<EnrichedReading> latestPerInstrument();

  /** The newest {@code limit} readings of one instrument, oldest first. */
  List<EnrichedReading> series(String instrument, String boreholeNumber, int limit);

  /** The newest {@code limit} status changes across the site, newest first. */
  List<StatusAlert> latestAlerts(int limit);
}
