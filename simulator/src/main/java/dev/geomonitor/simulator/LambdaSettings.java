package dev.geomonitor.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads the Lambda's environment into a {@link SimulatorConfig}: the one place the Lambda looks at its environment.
 *
 * <p>SIMULATOR_SEED, SIMULATOR_INSTRUMENTS_PER_TYPE, SIMULATOR_API_VERSION (v1|v2), SIMULATOR_SCENARIO_START (ISO
 * instant; set it, or every cold start begins a new scenario), SIMULATOR_SAMPLE_INTERVAL_MS, SIMULATOR_PACE,
 * SIMULATOR_DRAWDOWN_FRACTION, SIMULATOR_FAULTS (JSON as POSTed to /_simulator/faults).
 */
public final class LambdaSettings {
  private LambdaSettings() {}

  public static SimulatorConfig fromEnvironment(Map<String, String> env) {
    SimulatorConfig c = SimulatorConfig.defaults().withClock(Clock.systemUTC());
    String v;
    if ((v = env.get("SIMULATOR_SEED")) != null) {
      c = c.withSeed(parseLong("SIMULATOR_SEED", v));
    }
    if ((v = env.get("SIMULATOR_INSTRUMENTS_PER_TYPE")) != null) {
      c = c.withInstrumentsPerType((int) parseLong("SIMULATOR_INSTRUMENTS_PER_TYPE", v));
    }
    if ((v = env.get("SIMULATOR_API_VERSION")) != null) {
      c = c.withApiVersion(v);
    }
    if ((v = env.get("SIMULATOR_SCENARIO_START")) != null) {
      try {
        c = c.withScenarioStart(Instant.parse(v.trim()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "SIMULATOR_SCENARIO_START='" + v + "' is not an ISO-8601 instant such as 2026-11-24T20:00:00Z", e);
      }
    }
    if ((v = env.get("SIMULATOR_SAMPLE_INTERVAL_MS")) != null) {
      c = c.withSampleInterval(Duration.ofMillis(parseLong("SIMULATOR_SAMPLE_INTERVAL_MS", v)));
    }
    if ((v = env.get("SIMULATOR_PACE")) != null) {
      c = c.withPace(parseDouble("SIMULATOR_PACE", v));
    }
    if ((v = env.get("SIMULATOR_DRAWDOWN_FRACTION")) != null) {
      c = c.withDrawdownFraction(parseDouble("SIMULATOR_DRAWDOWN_FRACTION", v));
    }
    if ((v = env.get("SIMULATOR_FAULTS")) != null && !v.isBlank()) {
      c = c.withFaults(SourceApi.merged(Faults.none(), v));
    }
    return c;
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not a whole number", e);
    }
  }

  private static double parseDouble(String name, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not a number", e);
    }
  }
}
