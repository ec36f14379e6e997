package dev.geomonitor.bench;

/**
 * The data-loss guard: a throughput figure from a run that dropped or duplicated records would
 * flatter the stage, so each run's end counts are compared before its figure is kept.
 */
public final class CountCheck {
  private CountCheck() {}

  /** Throws {@link DataLossException} naming the run and both counts unless they are equal. */
  public static void require(String run, String what, long expected, long actual) {
    if (expected != actual) {
      String kind =
          actual < expected ? "lost " + (expected - actual) : "duplicated " + (actual - expected);
      throw new DataLossException(
          run
              + ": "
              + what
              + " is "
              + actual
              + ", expected "
              + expected
              + " ("
              + kind
              + "); the run's figure is not reported. Check the services' logs under the bench work directory.");
    }
  }
}
