package dev.geomonitor.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything that shapes a simulator run. Immutable; built by {@link #builder()} (each {@code
 * with*} is one step of it).
 *
 * @param seed drives ids, positions, series parameters, rain and faults
 * @param instrumentsPerType instruments of each kind (settlement markers are split over the x, y
 *     and z endpoints)
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
          "instruments per type must be between 1 and "
              + Site.MAX_INSTRUMENTS_PER_TYPE
              + ", got "
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
      throw new IllegalArgumentException(
          "sample interval must be at least 1 ms, got " + sampleInterval);
    }
    if (!(pace > 0) || Double.isInfinite(pace)) {
      throw new IllegalArgumentException(
          "pace must be a positive number (1 = demo pace), got " + pace);
    }
    if (!(drawdownFraction >= 0 && drawdownFraction <= 1)) {
      throw new IllegalArgumentException(
          "drawdown fraction must be between 0 and 1, got " + drawdownFraction);
    }
    if (faults == null) {
      faults = Faults.none();
    }
  }

  /**
   * Seed 42, 100 instruments per type, v1, 127.0.0.1 on an ephemeral port, 10 s samples, demo pace,
   * no faults.
   */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig(
        DEFAULT_SEED,
        100,
        "v1",
        "127.0.0.1",
        0,
        Clock.systemUTC(),
        null,
        Duration.ofSeconds(10),
        1.0,
        0.05,
        Faults.none());
  }

  public ApiFlavour flavour() {
    return ApiFlavour.fromWireName(apiVersion);
  }

  public SimulatorConfig withSeed(long value) {
    return toBuilder().seed(value).build();
  }

  public SimulatorConfig withInstrumentsPerType(int value) {
    return toBuilder().instrumentsPerType(value).build();
  }

  public SimulatorConfig withApiVersion(String value) {
    return toBuilder().apiVersion(value).build();
  }

  public SimulatorConfig withBindAddress(String value) {
    return toBuilder().bindAddress(value).build();
  }

  public SimulatorConfig withPort(int value) {
    return toBuilder().port(value).build();
  }

  public SimulatorConfig withClock(Clock value) {
    return toBuilder().clock(value).build();
  }

  public SimulatorConfig withScenarioStart(Instant value) {
    return toBuilder().scenarioStart(value).build();
  }

  public SimulatorConfig withSampleInterval(Duration value) {
    return toBuilder().sampleInterval(value).build();
  }

  public SimulatorConfig withPace(double value) {
    return toBuilder().pace(value).build();
  }

  public SimulatorConfig withDrawdownFraction(double value) {
    return toBuilder().drawdownFraction(value).build();
  }

  public SimulatorConfig withFaults(Faults value) {
    return toBuilder().faults(value).build();
  }

  /** A builder starting from the {@link #defaults()}; {@link Builder#build()} validates. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.seed = seed;
    b.instrumentsPerType = instrumentsPerType;
    b.apiVersion = apiVersion;
    b.bindAddress = bindAddress;
    b.port = port;
    b.clock = clock;
    b.scenarioStart = scenarioStart;
    b.sampleInterval = sampleInterval;
    b.pace = pace;
    b.drawdownFraction = drawdownFraction;
    b.faults = faults;
    return b;
  }

  /**
   * Named steps instead of eleven positional arguments (two of them doubles that could be swapped
   * unnoticed).
   */
  public static final class Builder {
    private long seed;
    private int instrumentsPerType;
    private String apiVersion;
    private String bindAddress;
    private int port;
    private Clock clock;
    private Instant scenarioStart;
    private Duration sampleInterval;
    private double pace;
    private double drawdownFraction;
    private Faults faults;

    private Builder() {}

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder instrumentsPerType(int value) {
      instrumentsPerType = value;
      return this;
    }

    public Builder apiVersion(String value) {
      apiVersion = value;
      return this;
    }

    public Builder bindAddress(String value) {
      bindAddress = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    public Builder scenarioStart(Instant value) {
      scenarioStart = value;
      return this;
    }

    public Builder sampleInterval(Duration value) {
      sampleInterval = value;
      return this;
    }

    public Builder pace(double value) {
      pace = value;
      return this;
    }

    public Builder drawdownFraction(double value) {
      drawdownFraction = value;
      return this;
    }

    public Builder faults(Faults value) {
      faults = value;
      return this;
    }

    public SimulatorConfig build() {
      return new SimulatorConfig(
          seed,
          instrumentsPerType,
          apiVersion,
          bindAddress,
          port,
          clock,
          scenarioStart,
          sampleInterval,
          pace,
          drawdownFraction,
          faults);
    }
  }
}
