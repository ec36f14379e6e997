package dev.geomonitor.producer;

import dev.geomonitor.domain.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the producer is configured with, read once per process from a settings map (the environment in the
 * Lambda, environment plus command-line options in the local loop). Nothing else in the producer reads the environment.
 *
 * @param apiBaseUrl the source API (or simulator) root, e.g. {@code http://localhost:8080}
 * @param endpoints paths polled in each poll cycle, e.g. {@code /params/all/}
 * @param kafka how to reach Kafka
 * @param topics topic names; the producer writes {@code raw} and {@code dlq}
 * @param pollsPerInvocation how many poll cycles one scheduled Lambda invocation runs
 * @param pollInterval time between the starts of two poll cycles
 * @param connectTimeout TCP connect timeout for the source API
 * @param readTimeout how long one request may take until the whole body has arrived
 * @param retry how failed requests are retried
 * @param safetyMargin remaining Lambda time never spent on a new poll (flush, close, return)
 */
public record ProducerConfig(
    URI apiBaseUrl,
    List<String> endpoints,
    KafkaSettings kafka,
    Topics topics,
    int pollsPerInvocation,
    Duration pollInterval,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retry,
    Duration safetyMargin) {

  public static final String DEFAULT_ENDPOINTS = "/params/all/";

  public ProducerConfig {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("API_ENDPOINTS is empty: list at least one path, e.g. /params/all/");
    }
  }

  /** The environment of this process. The only place the producer reads the environment. */
  public static ProducerConfig fromEnvironment() {
    return fromSettings(System.getenv());
  }

  /** The environment with some settings replaced (the local loop's command-line options win over the environment). */
  public static ProducerConfig fromEnvironment(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(System.getenv());
    merged.putAll(overrides);
    return fromSettings(merged);
  }

  /** Reads the settings (names as in the README's table); absent ones take their defaults. */
  public static ProducerConfig fromSettings(Map<String, String> env) {
    Settings s = new Settings(env);
    KafkaSettings kafka =
        new KafkaSettings(
            s.text("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
            s.bool("KAFKA_IAM_AUTH", false),
            s.text("KAFKA_CLIENT_ID", "geomonitor-producer"),
            s.millis("KAFKA_LINGER_MS", 10),
            s.positiveInt("KAFKA_BATCH_SIZE", 128 * 1024),
            s.millis("KAFKA_REQUEST_TIMEOUT_MS", 15_000),
            s.millis("KAFKA_DELIVERY_TIMEOUT_MS", 30_000),
            s.millis("KAFKA_MAX_BLOCK_MS", 10_000));
    RetryPolicy retry =
        new RetryPolicy(
            s.positiveInt("HTTP_MAX_ATTEMPTS", 4),
            s.millis("HTTP_BACKOFF_INITIAL_MS", 200),
            s.millis("HTTP_BACKOFF_MAX_MS", 5_000),
            s.millis("HTTP_RETRY_AFTER_MAX_MS", 10_000));
    return new ProducerConfig(
        s.url("API_BASE_URL", "http://localhost:8080"),
        s.list("API_ENDPOINTS", DEFAULT_ENDPOINTS),
        kafka,
        Topics.fromSettings(env),
        s.positiveInt("POLLS_PER_INVOCATION", 4),
        s.millis("POLL_INTERVAL_MS", 15_000),
        s.millis("HTTP_CONNECT_TIMEOUT_MS", 2_000),
        s.millis("HTTP_READ_TIMEOUT_MS", 10_000),
        retry,
        s.millis("LAMBDA_SAFETY_MARGIN_MS", 5_000));
  }

  /** Reads typed values and names the variable and the expected form when one is wrong. */
  private record Settings(Map<String, String> env) {
    String text(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    boolean bool(String name, boolean fallback) {
      String v = text(name, Boolean.toString(fallback)).toLowerCase();
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(name + " must be true or false, got '" + env.get(name) + "'");
      }
      return Boolean.parseBoolean(v);
    }

    int positiveInt(String name, int fallback) {
      long v = number(name, fallback, "a whole number greater than 0");
      if (v < 1 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " must be a whole number greater than 0, got '" + env.get(name) + "'");
      }
      return (int) v;
    }

    Duration millis(String name, long fallback) {
      return Duration.ofMillis(number(name, fallback, "a whole number of milliseconds, 0 or more"));
    }

    private long number(String name, long fallback, String expected) {
      String v = text(name, null);
      if (v == null) {
        return fallback;
      }
      try {
        long n = Long.parseLong(v);
        if (n < 0) {
          throw new IllegalArgumentException(name + " must be " + expected + ", got '" + v + "'");
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be " + expected + ", got '" + v + "'", e);
      }
    }

    URI url(String name, String fallback) {
      String v = text(name, fallback);
      try {
        URI uri = new URI(v);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          throw new IllegalArgumentException(
              name + " must be an http(s) URL such as http://localhost:8080, got '" + v + "'");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(name + " is not a valid URL: '" + v + "' (" + e.getReason() + ")", e);
      }
    }

    List<String> list(String name, String fallback) {
      List<String> items =
          Arrays.stream(text(name, fallback).split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
      for (String p : items) {
        if (!p.startsWith("/")) {
          throw new IllegalArgumentException(
              name + " lists paths relative to API_BASE_URL starting with '/', got '" + p + "'");
        }
      }
      return items;
    }
  }
}
