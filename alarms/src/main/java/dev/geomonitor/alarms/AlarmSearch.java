package dev.geomonitor.alarms;

import dev.geomonitor.searchsink.IndexLayout;
import dev.geomonitor.searchsink.OpenSearchConnection;
import java.util.Objects;

/**
 * Where alarms are indexed for the Dashboards alarms dashboard: the cluster and the index layout
 * (prefix, shards) the search sink uses, so the {@code alarms} alias sits beside {@code readings}.
 */
public record AlarmSearch(OpenSearchConnection connection, IndexLayout layout) {
  public AlarmSearch {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(layout, "layout");
  }
}
