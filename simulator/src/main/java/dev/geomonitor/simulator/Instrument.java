package dev.geomonitor.simulator;

/**
 * One simulated instrument: what the API says about it (id, position) and the parameters of its
 * series.
 *
 * @param kind the instrument kind
 * @param id the {@code borehole_number} on the wire, e.g. BH-9037, PZ-4410, SM-Z-1203
 * @param axis the settlement axis for settlement markers, else null
 * @param northing MGA zone 55 northing, m (whole metres, as the API serves them)
 * @param easting MGA zone 55 easting, m
 * @param surfaceLevel ground level in m AHD for standpipes, else null
 * @param role why the instrument behaves as it does in the scenario
 * @param series the parameters of its values over time
 */
public record Instrument(
    InstrumentKind kind,
    String id,
    Endpoint.Axis axis,
    long northing,
    long easting,
    Double surfaceLevel,
    Role role,
    Series series) {

  /** The part an instrument plays in the scenario. */
  public enum Role {
    /** Drift, noise and rainfall only; stays well inside its Alert level. */
    ORDINARY,
    /** A standpipe beside the dewatering shaft: drawn down through Alert, Alarm and Action. */
    DRAWDOWN,
    /**
     * A displacement instrument on the tunnel alignment: moves through its trigger levels as the
     * face passes.
     */
    TUNNEL_ZONE
  }

  /**
   * Series parameters, in scenario seconds (see {@link Scenario}).
   *
   * @param base value at rest (m AHD, kPa, or 0 mm for displacements)
   * @param driftAmplitude amplitude of the slow drift, in the kind's unit
   * @param driftPeriodSeconds period of the slow drift
   * @param driftPhase phase of the slow drift, radians
   * @param rechargeGain how strongly rainfall shows (0 for displacements)
   * @param rechargeLagSeconds delay between rain and response
   * @param noiseSd standard deviation of sensor noise
   * @param phaseMillis offset of this instrument's sampling instants within the sample interval
   * @param drawdownOnsetSeconds when pumping starts to show (drawdown standpipes)
   * @param drawdownRate metres per scenario second (0 unless drawdown)
   * @param drawdownMax where the drawdown levels off, m
   * @param chainage distance along the tunnel alignment from the launch shaft, m
   * @param peakDisplacement signed displacement once the face is far past, mm (after distance
   *     attenuation)
   */
  public record Series(
      double base,
      double driftAmplitude,
      double driftPeriodSeconds,
      double driftPhase,
      double rechargeGain,
      double rechargeLagSeconds,
      double noiseSd,
      long phaseMillis,
      double drawdownOnsetSeconds,
      double drawdownRate,
      double drawdownMax,
      double chainage,
      double peakDisplacement) {}
}
