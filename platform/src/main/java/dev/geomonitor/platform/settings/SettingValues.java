package dev.geomonitor.platform.settings;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one process (its environment, possibly overlaid with command-line arguments),
 * read through {@link Setting} declarations. A blank value counts as absent. The only place a
 * process looks at its environment.
 */
public final class SettingValues {
  private final Map<String, String> values;

  private SettingValues(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static SettingValues of(Map<String, String> values) {
    Map<String, String> copy = new HashMap<>();
    values.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k, v);
          }
        });
    return new SettingValues(copy);
  }

  public static SettingValues environment() {
    return of(System.getenv());
  }

  /**
   * These values overridden by command-line arguments {@code --name=value} or {@code NAME=value}
   * (EMR's entryPointArguments), where {@code --kafka-bootstrap-servers} means {@code
   * KAFKA_BOOTSTRAP_SERVERS}.
   */
  public SettingValues withArguments(String[] args) {
    Map<String, String> merged = new HashMap<>(values);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(
            "argument '"
                + arg
                + "' is not of the form --name=value or NAME=value (e.g. --checkpoint-location=/tmp/cp)");
      }
      String name = arg.substring(0, eq);
      if (name.startsWith("--")) {
        name = name.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
      }
      merged.put(name, arg.substring(eq + 1));
    }
    return new SettingValues(merged);
  }

  /** These values with some replaced (a command line's options win over the environment). */
  public SettingValues with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return of(merged);
  }

  /**
   * The setting's value, else its default; null when it has neither (optional settings).
   *
   * @throws IllegalArgumentException naming the key when the value does not parse or a required one
   *     is missing
   */
  public <T> T get(Setting<T> setting) {
    String text = text(setting.key());
    if (text == null) {
      if (setting.required()) {
        throw new IllegalArgumentException(
            setting.key() + " is required (" + setting.description() + ")");
      }
      return setting.defaultValue();
    }
    return setting.parse(text);
  }

  /** The value, else the default, as an Optional (empty for an absent optional setting). */
  public <T> Optional<T> optional(Setting<T> setting) {
    return Optional.ofNullable(get(setting));
  }

  /** The raw, trimmed text under a key; null when absent or blank. */
  public String text(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** The raw values, for readers of a subset declared elsewhere (topic names). */
  public Map<String, String> asMap() {
    return values;
  }
}
