package dev.geomonitor.alarms.lambda;

import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import java.util.List;

/**
 * What the alarm functions on AWS read besides the {@link dev.geomonitor.alarms.AlarmConfig}
 * settings: where the database credentials are.
 */
public final class FunctionSettings {
  public static final Setting<String> DB_SECRET_ARN =
      Setting.required(
          "DB_SECRET_ARN",
          SettingTypes.TEXT,
          "Secrets Manager secret of the alarms database user (RDS JSON: username, password, host, port, dbname);"
              + " the CDK stack sets it");

  /** Every setting, in the order of the README's table. */
  public static final List<Setting<?>> SETTINGS = List.of(DB_SECRET_ARN);

  private FunctionSettings() {}
}
