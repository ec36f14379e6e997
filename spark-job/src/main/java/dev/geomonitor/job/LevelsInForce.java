package dev.geomonitor.job;

import dev.geomonitor.domain.TriggerLevelHistory;
import java.io.Serializable;
import java.util.Objects;

/**
 * The review level history the stateful operator judges readings by. The driver replaces it before
 * a batch runs ({@link LevelsReload}); the operator's function holds this object, and Spark
 * serializes that function with the tasks of every batch it submits, so each batch's tasks carry
 * the history that was current when the batch started, on every executor. (A broadcast would be
 * fixed for the query's life: the function is built once, when the query starts.)
 *
 * <p>Which history a batch carries does not change its outputs: every version a reading of the
 * batch can be subject to was loaded before the batch started (see {@link LevelsReload}), and
 * versions are resolved by event time.
 */
public final class LevelsInForce implements Serializable {
  private static final long serialVersionUID = 1L;

  private volatile TriggerLevelHistory history;

  public LevelsInForce(TriggerLevelHistory history) {
    this.history = Objects.requireNonNull(history, "history");
  }

  public TriggerLevelHistory history() {
    return history;
  }

  void replace(TriggerLevelHistory next) {
    history = Objects.requireNonNull(next, "history");
  }
}
