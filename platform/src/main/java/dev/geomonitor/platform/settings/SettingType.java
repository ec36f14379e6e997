package dev.geomonitor.platform.settings;

import java.util.function.BiFunction;

/**
 * How one kind of setting is written and parsed. A value that does not parse is an error naming the
 * setting, the value and the form expected, never a silent fallback.
 *
 * @param form the written form, as the configuration tables show it (e.g. {@code ISO-8601
 *     duration})
 * @param parser (key, trimmed text) to value; throws {@link IllegalArgumentException} naming both
 */
public record SettingType<T>(String form, BiFunction<String, String, T> parser) {

  public T parse(String key, String text) {
    return parser.apply(key, text.strip());
  }
}
