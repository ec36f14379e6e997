package dev.geomonitor.platform.settings;

import java.util.Objects;

/**
 * One setting, declared once: its key (the environment variable), how it is written, its default,
 * its unit and what it means. The readers parse through it and the configuration tables in the
 * READMEs are generated from it, so the docs and the code cannot drift apart.
 *
 * @param key the environment variable, e.g. {@code POLL_INTERVAL}
 * @param type how the value is written and parsed
 * @param defaultText the default as it would be written in the environment (parsed like any value);
 *     null: none
 * @param required whether a missing value is an error (only when there is no default)
 * @param unit what the number counts (e.g. {@code bytes}); empty when the type says it all
 * @param description what the setting changes, in one sentence
 */
public record Setting<T>(
    String key,
    SettingType<T> type,
    String defaultText,
    boolean required,
    String unit,
    String description) {

  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    unit = unit == null ? "" : unit;
    Objects.requireNonNull(description, "description");
    if (defaultText != null) {
      type.parse(
          key,
          defaultText); // a default that does not parse is a programming error: fail at class load
    }
  }

  /** A setting with a default. */
  public static <T> Setting<T> of(
      String key, SettingType<T> type, String defaultText, String description) {
    return new Setting<>(key, type, defaultText, false, "", description);
  }

  /**
   * A setting without a default: absent means "not used" (the reader gives an empty Optional or
   * null).
   */
  public static <T> Setting<T> optional(String key, SettingType<T> type, String description) {
    return new Setting<>(key, type, null, false, "", description);
  }

  /** A setting the process cannot start without. */
  public static <T> Setting<T> required(String key, SettingType<T> type, String description) {
    return new Setting<>(key, type, null, true, "", description);
  }

  /** The same setting with a unit for the tables (e.g. {@code bytes}). */
  public Setting<T> in(String newUnit) {
    return new Setting<>(key, type, defaultText, required, newUnit, description);
  }

  /**
   * The value of the text as written (e.g. a command-line override), parsed and checked like the
   * environment's.
   */
  public T parse(String text) {
    return type.parse(key, text);
  }

  /** The default, parsed; null when there is none. */
  public T defaultValue() {
    return defaultText == null ? null : type.parse(key, defaultText);
  }
}
