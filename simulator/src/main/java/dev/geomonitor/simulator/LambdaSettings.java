package dev.geomonitor.simulator;

import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingType;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Reads the Lambda's environment into a {@link SimulatorConfig}: the one place the Lambda looks at
 * its environment. The settings are declared in {@link #SETTINGS}; absent ones keep {@link
 * SimulatorConfig#defaults()}.
 */
public final class LambdaSettings {
  private static final SimulatorConfig DEFAULTS = SimulatorConfig.defaults();

  public static final Setting<Long> SEED =
      Setting.of(
          "SIMULATOR_SEED",
          SettingTypes.WHOLE_NUMBER,
          Long.toString(DEFAULTS.seed()),
          "drives ids, positions, series, rain and faults");
  public static final Setting<Long> INSTRUMENTS_PER_TYPE =
      Setting.of(
          "SIMULATOR_INSTRUMENTS_PER_TYPE",
          SettingTypes.WHOLE_NUMBER,
          Integer.toString(DEFAULTS.instrumentsPerType()),
          "instruments of each kind");
  public static final Setting<String> API_VERSION =
      Setting.of("SIMULATOR_API_VERSION", SettingTypes.TEXT, DEFAULTS.apiVersion(), "`v1` or `v2`");
  public static final Setting<java.time.Instant> SCENARIO_START =
      Setting.optional(
          "SIMULATOR_SCENARIO_START",
          SettingTypes.INSTANT,
          "when the scenario starts; set it, or every cold start begins a new scenario and instances disagree");
  public static final Setting<java.time.Duration> SAMPLE_INTERVAL =
      Setting.of(
          "SIMULATOR_SAMPLE_INTERVAL",
          SettingTypes.DURATION,
          DEFAULTS.sampleInterval().toString(),
          "how often each instrument samples");
  public static final Setting<Double> PACE =
      Setting.of(
          "SIMULATOR_PACE",
          SettingTypes.NUMBER,
          "1.0",
          "scenario seconds per wall second (1 = demo pace)");
  public static final Setting<Double> DRAWDOWN_FRACTION =
      Setting.of(
          "SIMULATOR_DRAWDOWN_FRACTION",
          SettingTypes.NUMBER,
          Double.toString(DEFAULTS.drawdownFraction()),
          "share of standpipes drawn down by dewatering");
  public static final Setting<Faults> FAULTS =
      Setting.optional(
          "SIMULATOR_FAULTS",
          new SettingType<>(
              "JSON as POSTed to /_simulator/faults",
              (key, text) -> SourceApi.merged(Faults.none(), text)),
          "fault switches at start; unset: none");

  /** Every setting the Lambda reads, in the order of the README's table. */
  public static final List<Setting<?>> SETTINGS =
      List.of(
          SEED,
          INSTRUMENTS_PER_TYPE,
          API_VERSION,
          SCENARIO_START,
          SAMPLE_INTERVAL,
          PACE,
          DRAWDOWN_FRACTION,
          FAULTS);

  private LambdaSettings() {}

  public static SimulatorConfig fromEnvironment(Map<String, String> env) {
    SettingValues s = SettingValues.of(env);
    return SimulatorConfig.builder()
        .clock(Clock.systemUTC())
        .seed(s.get(SEED))
        .instrumentsPerType(Math.toIntExact(s.get(INSTRUMENTS_PER_TYPE)))
        .apiVersion(s.get(API_VERSION))
        .scenarioStart(s.get(SCENARIO_START))
        .sampleInterval(s.get(SAMPLE_INTERVAL))
        .pace(s.get(PACE))
        .drawdownFraction(s.get(DRAWDOWN_FRACTION))
        .faults(s.optional(FAULTS).orElse(Faults.none()))
        .build();
  }
}
