package dev.geomonitor.platform.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one convention every process reads its settings with: ISO-8601 durations and instants,
 * strictly {@code true} or {@code false} booleans, whole numbers, case-insensitive choices. Each
 * parser names the key and the bad value.
 */
public final class SettingTypes {
  public static final SettingType<String> TEXT = new SettingType<>("text", (key, text) -> text);
  public static final SettingType<Duration> DURATION =
      new SettingType<>("ISO-8601 duration", SettingTypes::duration);
  public static final SettingType<Instant> INSTANT =
      new SettingType<>("ISO-8601 instant", SettingTypes::instant);
  public static final SettingType<Boolean> BOOLEAN =
      new SettingType<>("true or false", SettingTypes::bool);
  public static final SettingType<Long> WHOLE_NUMBER =
      new SettingType<>("whole number", SettingTypes::wholeNumber);
  public static final SettingType<Integer> POSITIVE_INT =
      new SettingType<>("whole number > 0", SettingTypes::positiveInt);
  public static final SettingType<Double> NUMBER =
      new SettingType<>("number", SettingTypes::number);
  public static final SettingType<URI> HTTP_URL =
      new SettingType<>("http(s) URL", SettingTypes::httpUrl);
  public static final SettingType<List<Duration>> DURATION_LIST =
      new SettingType<>("comma-separated ISO-8601 durations", SettingTypes::durations);

  private SettingTypes() {}

  /**
   * One of an enum's constants, written in any case ({@code iam}, {@code IAM}); the table lists
   * them in lower case.
   */
  public static <E extends Enum<E>> SettingType<E> choice(Class<E> type) {
    String names =
        String.join(
            " | ",
            Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList());
    return new SettingType<>(
        names,
        (key, text) -> {
          for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
              return e;
            }
          }
          throw bad(key, text, "one of " + names);
        });
  }

  /** A comma-separated list of another type; blank items are skipped. */
  public static <T> SettingType<List<T>> listOf(SettingType<T> item) {
    return new SettingType<>(
        "comma-separated " + item.form(),
        (key, text) -> {
          List<T> out = new ArrayList<>();
          for (String part : text.split(",")) {
            if (!part.isBlank()) {
              out.add(item.parse(key, part));
            }
          }
          return List.copyOf(out);
        });
  }

  /**
   * A type whose parsed value is checked or mapped further; {@code check} throws with the key in
   * its message.
   */
  public static <T, R> SettingType<R> refined(
      SettingType<T> base, String form, Function<T, R> check) {
    return new SettingType<>(
        form,
        (key, text) -> {
          T value = base.parse(key, text);
          try {
            return check.apply(value);
          } catch (IllegalArgumentException e) {
            throw bad(key, text, form + ": " + e.getMessage());
          }
        });
  }

  public static Duration duration(String key, String text) {
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw bad(key, text, "an ISO-8601 duration such as PT15S, PT1M or PT0S", e);
    }
  }

  public static Instant instant(String key, String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw bad(key, text, "an ISO-8601 instant such as 2026-11-24T20:00:00Z", e);
    }
  }

  /**
   * Strictly {@code true} or {@code false} (any case): a typo such as {@code yes} or {@code ture}
   * is refused.
   */
  public static boolean bool(String key, String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw bad(key, text, "true or false");
  }

  public static long wholeNumber(String key, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw bad(key, text, "a whole number", e);
    }
  }

  public static int positiveInt(String key, String text) {
    long v = wholeNumber(key, text);
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw bad(key, text, "a whole number greater than 0");
    }
    return (int) v;
  }

  public static double number(String key, String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw bad(key, text, "a number", e);
    }
  }

  public static URI httpUrl(String key, String text) {
    try {
      URI uri = new URI(text.strip());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw bad(key, text, "an http(s) URL such as http://localhost:8080");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw bad(key, text, "a valid URL (" + e.getReason() + ")", e);
    }
  }

  public static List<Duration> durations(String key, String text) {
    return listOf(DURATION).parse(key, text);
  }

  /** The error every parser throws: {@code KEY='value' is not <expected>}. */
  public static IllegalArgumentException bad(String key, String text, String expected) {
    return new IllegalArgumentException(key + "='" + text + "' is not " + expected);
  }

  private static IllegalArgumentException bad(
      String key, String text, String expected, Exception cause) {
    IllegalArgumentException e = bad(key, text, expected);
    e.initCause(cause);
    return e;
  }
}
