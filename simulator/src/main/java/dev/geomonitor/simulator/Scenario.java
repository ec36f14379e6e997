package dev.geomonitor.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Values over time. The value of an instrument at a sample instant is a pure function of (seed,
 * instrument, instant), so any poll can be answered without state.
 *
 * <p>Processes run on scenario time: wall-clock seconds since the scenario start multiplied by the
 * pace. At pace 1 (the demo default) the tunnel face advances 0.25 m/s and dewatering lowers its
 * standpipes by about 0.75 m a minute, so the first Alert shows within about two minutes and
 * Alarm/Action within about five. Real sites move far slower (a TBM advances some 10-20 m a day; a
 * dewatering drawdown takes days to weeks): a pace of 0.001 is closer to life.
 */
final class Scenario {
  /** Tunnel face advance, metres per scenario second. */
  static final double FACE_SPEED = 0.25;

  /** Longitudinal spread of settlement about the face (the S-curve's width), m. */
  static final double LONGITUDINAL_WIDTH = 10.0;

  /** Rain events: one per spacing, starting at a seeded point within it. */
  static final double RAIN_SPACING = 600;

  static final double RAIN_JITTER = 300;

  /** Time from rain to peak recharge; the response then recedes. */
  static final double RECHARGE_RISE = 90;

  /** Kilopascals per metre of water head. */
  static final double KPA_PER_METRE = 9.81;

  private static final long SALT_RAIN = 0x7A1;
  private static final long SALT_NOISE = 0x0153;

  private final long seed;
  private final Instant start;
  private final long intervalMillis;
  private final double pace;

  Scenario(long seed, Instant start, Duration sampleInterval, double pace) {
    this.seed = seed;
    this.start = start;
    this.intervalMillis = sampleInterval.toMillis();
    this.pace = pace;
  }

  Instant start() {
    return start;
  }

  long intervalMillis() {
    return intervalMillis;
  }

  /** The index of the instrument's latest sample at or before {@code now}. */
  long latestSampleIndex(Instrument instrument, Instant now) {
    long sinceFirst = now.toEpochMilli() - start.toEpochMilli() - instrument.series().phaseMillis();
    return Math.floorDiv(sinceFirst, intervalMillis);
  }

  Instant sampleTime(Instrument instrument, long index) {
    return start.plusMillis(instrument.series().phaseMillis() + index * intervalMillis);
  }

  /** The instrument's latest sample at or before {@code now}. */
  Sample latest(Instrument instrument, Instant now) {
    return sample(instrument, latestSampleIndex(instrument, now));
  }

  Sample sample(Instrument instrument, long index) {
    Instant at = sampleTime(instrument, index);
    return new Sample(instrument, index, at, value(instrument, index, at));
  }

  private double value(Instrument instrument, long index, Instant at) {
    Instrument.Series p = instrument.series();
    double elapsed = (at.toEpochMilli() - start.toEpochMilli()) / 1000.0 * pace;
    double s = Math.max(0, elapsed);
    // Drift measured from its value at the start, so an ordinary instrument starts at its base.
    double drift =
        p.driftAmplitude()
            * (Math.sin(2 * Math.PI * elapsed / p.driftPeriodSeconds() + p.driftPhase())
                - Math.sin(p.driftPhase()));
    double noise = p.noiseSd() * Draws.gaussian(seed, SALT_NOISE, Draws.of(instrument.id()), index);
    double v =
        switch (instrument.kind()) {
          case WATER_STANDPIPE ->
              p.base()
                  + drift
                  + p.rechargeGain() * rain(s - p.rechargeLagSeconds())
                  - drawdown(p, s);
          case PIEZOMETER ->
              p.base()
                  + drift
                  + p.rechargeGain() * KPA_PER_METRE * rain(s - p.rechargeLagSeconds());
          default -> p.peakDisplacement() * tunnelProgress(p.chainage(), s) + drift;
        };
    return round(instrument.kind(), v + noise);
  }

  /**
   * Recharge head in metres at scenario second {@code s}: each rain event rises to its peak, then
   * recedes.
   */
  double rain(double s) {
    if (s <= 0) {
      return 0;
    }
    long last = (long) Math.floor(s / RAIN_SPACING);
    // Older events have receded to nothing: 20 rise times later a response is below 1e-6 of its
    // peak.
    long first = Math.max(0, last - (long) Math.ceil(20 * RECHARGE_RISE / RAIN_SPACING) - 1);
    double head = 0;
    for (long j = first; j <= last; j++) {
      double eventStart = j * RAIN_SPACING + RAIN_JITTER * Draws.uniform(seed, SALT_RAIN, j, 1);
      double dt = s - eventStart;
      if (dt > 0) {
        double amplitude = 0.10 + 0.25 * Draws.uniform(seed, SALT_RAIN, j, 2);
        double x = dt / RECHARGE_RISE;
        head += amplitude * x * Math.exp(1 - x);
      }
    }
    return head;
  }

  private static double drawdown(Instrument.Series p, double s) {
    if (p.drawdownRate() == 0 || s <= p.drawdownOnsetSeconds()) {
      return 0;
    }
    return Math.min(p.drawdownMax(), (s - p.drawdownOnsetSeconds()) * p.drawdownRate());
  }

  /**
   * Share of the final displacement reached: an S-curve in the face's distance past the instrument.
   */
  static double tunnelProgress(double chainage, double s) {
    double face = Math.min(Site.ALIGNMENT_LENGTH, FACE_SPEED * s);
    return normalCdf((face - chainage) / LONGITUDINAL_WIDTH);
  }

  /**
   * Standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7: far finer than any
   * reading).
   */
  static double normalCdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * z);
    double erf =
        1
            - t
                * (0.254829592
                    + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-z * z);
    return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }

  /**
   * Resolution as instruments report it: millimetres of water, hundredths of a kPa or of a
   * millimetre.
   */
  private static double round(InstrumentKind kind, double v) {
    return Site.round(v, kind == InstrumentKind.WATER_STANDPIPE ? 3 : 2);
  }

  /** One sample of one instrument. */
  record Sample(Instrument instrument, long index, Instant timestamp, double value) {}
}
