package dev.geomonitor.searchsink;

import java.util.Set;

/** What to do with one bulk item given OpenSearch's answer for it. */
public enum ItemVerdict {
  INDEXED,
  /**
   * A passing condition (overload, a node restarting, a blocked index): send the item again after a
   * pause.
   */
  RETRY,
  /**
   * The document itself is wrong for the index (mapping conflict, bad value): it goes to the DLQ.
   */
  DEAD_LETTER;

  /**
   * Error types that arrive with a 4xx but describe the cluster, not the document: sending the
   * document to the DLQ would lose good data while an operator fixes the cluster (a disk-full
   * read-only block, a closed or missing index).
   */
  private static final Set<String> CLUSTER_CONDITIONS =
      Set.of(
          "cluster_block_exception",
          "index_closed_exception",
          "index_not_found_exception",
          "es_rejected_execution_exception",
          "circuit_breaking_exception",
          "process_cluster_event_timeout_exception");

  /**
   * @param status the item's HTTP status
   * @param errorType OpenSearch's error type for the item, or null
   */
  public static ItemVerdict classify(int status, String errorType) {
    if (status >= 200 && status < 300 && errorType == null) {
      return INDEXED;
    }
    if (status == 409 && "version_conflict_engine_exception".equals(errorType)) {
      return INDEXED; // an externally versioned document whose newer revision is already indexed:
      // nothing to do
    }
    if (status == 429
        || status >= 500
        || (errorType != null && CLUSTER_CONDITIONS.contains(errorType))) {
      return RETRY;
    }
    return DEAD_LETTER;
  }
}
