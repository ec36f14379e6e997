package dev.geomonitor.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything that shapes a simulator run. Immutable; change it with the withers.
 *
 * @param seed drives ids, positions, series parameters, rain and faults
 * @param instrumentsPerType instruments of each kind (settlement markers are split over the x, y and z endpoints)
 * @param apiVersion "v1" or "v2"
 * @param bindAddress the address the HTTP server listens on (0.0.0.0 in a container)
 * @param port 0 for an ephemeral port
 * @param clock the time polls are answered for; tests pass a fixed or {@link ManualClock}
 * @param scenarioStart when the scenario starts; null means when the server starts
 * @param sampleInterval how often each instrument samples
 * @param pace scenario seconds per wall second; 1 is the demo pace (see {@link Scenario})
 * @param drawdownFraction share of standpipes drawn down by dewatering (at least one is)
 * @param faults fault switches at start
 */
public record SimulatorConfig(
    long seed,
    int instrumentsPerType,
    String apiVersion,
    String bindAddress,
    int port,
    Clock clock,
    Instant scenarioStart,
    Duration sampleInterval,
    double pace,
    double drawdownFraction,
    Faults faults) {

  public static final long DEFAULT_SEED = 42;

  public SimulatorConfig {
    if (instrumentsPerType < 1 || instrumentsPerType > Site.MAX_INSTRUMENTS_PER_TYPE) {
      throw new IllegalArgumentException(
          "instruments per type must be between 1 and " + Site.MAX_INSTRUMENTS_PER_TYPE + ", got "
              + instrumentsPerType);
    }
    apiVersion = ApiFlavour.fromWireName(apiVersion).wireName();
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("bind address must be set, e.g. 127.0.0.1 or 0.0.0.0");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (ephemeral) to 65535, got " + port);
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock must be set (Clock.systemUTC() outside tests)");
    }
    if (sampleInterval == null || sampleInterval.toMillis() < 1) {
      throw new IllegalArgumentException("sample interval must be at least 1 ms, got " + sampleInterval);
    }
    if (!(pace > 0) || Double.isInfinite(pace)) {
      throw new IllegalArgumentException("pace must be a positive number (1 = demo pace), got " + pace);
    }
    if (!(drawdownFraction >= 0 && drawdownFraction <= 1)) {
      throw new IllegalArgumentException("drawdown fraction must be between 0 and 1, got " + drawdownFraction);
    }
    if (faults == null) {
      faults = Faults.none();
    }
  }

  /** Seed 42, 100 instruments per type, v1, 127.0.0.1 on an ephemeral port, 10 s samples, demo pace, no faults. */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig(
        DEFAULT_SEED, 100, "v1", "127.0.0.1", 0, Clock.systemUTC(), null, Duration.ofSeconds(10), 1.0, 0.05,
        Faults.none());
  }

  public ApiFlavour flavour() {
    return ApiFlavour.fromWireName(apiVersion);
  }

  public SimulatorConfig withSeed(long value) {
    return new SimulatorConfig(value, instrumentsPerType, apiVersion, bindAddress, port, clock, scenarioStart,
        sampleInterval, pace, drawdownFraction, faults);
  }

  public SimulatorConfig withInstrumentsPerType(int value) {
    return new SimulatorConfig(seed, value, apiVersion, bindAddress, port, clock, scenarioStart, sampleInterval, pace,
        drawdownFraction, faults);
  }

  public SimulatorConfig withApiVersion(String value) {
    return new SimulatorConfig(seed, instrumentsPerType, value, bindAddress, port, clock, scenarioStart,
        sampleInterval, pace, drawdownFraction, faults);
  }

  public SimulatorConfig withBindAddress(String value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, value, port, clock, scenarioStart,
        sampleInterval, pace, drawdownFraction, faults);
  }

  public SimulatorConfig withPort(int value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, bindAddress, value, clock, scenarioStart,
        sampleInterval, pace, drawdownFraction, faults);
  }

  public SimulatorConfig withClock(Clock value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, bindAddress, port, value, scenarioStart,
        sampleInterval, pace, drawdownFraction, faults);
  }

  public SimulatorConfig withScenarioStart(Instant value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, bindAddress, port, clock, value, sampleInterval,
        pace, drawdownFraction, faults);
  }

  public SimulatorConfig withSampleInterval(Duration value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, bindAddress, port, clock, scenarioStart, value,
        pace, drawdownFraction, faults);
  }

  public SimulatorConfig withPace(double value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, bindAddress, port, clock, scenarioStart,
        sampleInterval, value, drawdownFraction, faults);
  }

  public SimulatorConfig withDrawdownFraction(double value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, bindAddress, port, clock, scenarioStart,
        sampleInterval, pace, value, faults);
  }

  public SimulatorConfig withFaults(Faults value) {
    return new SimulatorConfig(seed, instrumentsPerType, apiVersion, bindAddress, port, clock, scenarioStart,
        sampleInterval, pace, drawdownFraction, value);
  }
}
