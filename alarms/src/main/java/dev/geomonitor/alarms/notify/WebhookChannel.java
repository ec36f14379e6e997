package dev.geomonitor.alarms.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A signed JSON POST. The receiver checks {@code X-Geomonitor-Signature: sha256=HEX}, the
 * HMAC-SHA256 with the shared secret of {@code TIMESTAMP + "." + BODY}, where TIMESTAMP is the
 * {@code X-Geomonitor-Timestamp} header (epoch seconds); it should refuse old timestamps, so a
 * captured request cannot be replayed later. Any 2xx is success.
 */
public final class WebhookChannel implements Channel {
  public static final String SIGNATURE_HEADER = "X-Geomonitor-Signature";
  public static final String TIMESTAMP_HEADER = "X-Geomonitor-Timestamp";
  public static final String DELIVERY_HEADER = "X-Geomonitor-Delivery";

  private final HttpClient http;
  private final byte[] secret;
  private final Duration timeout;
  private final Clock clock;

  public WebhookChannel(String secret, Duration timeout, Clock clock) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException(
          "WEBHOOK_SECRET must be set to at least 16 characters when a group has"
              + " webhooks (receivers verify the signature with it)");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    // HTTP/1.1: receivers are small web handlers; an h2c upgrade attempt on every plain-http POST
    // only costs time.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public void send(long deliveryId, String target, Notice notice) throws DeliveryException {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    byte[] body = notice.json().getBytes(StandardCharsets.UTF_8);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(target))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header(TIMESTAMP_HEADER, timestamp)
              .header(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body))
              .header(DELIVERY_HEADER, Long.toString(deliveryId))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
    } catch (IllegalArgumentException e) {
      throw new DeliveryException(
          "webhook URL " + target + " is not a valid URL: " + e.getMessage(), e);
    }
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        String answer = response.body() == null ? "" : response.body();
        throw new DeliveryException(
            "webhook "
                + target
                + " answered HTTP "
                + response.statusCode()
                + ": "
                + answer.substring(0, Math.min(200, answer.length())),
            null);
      }
    } catch (IOException e) {
      throw new DeliveryException("webhook " + target + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while posting to " + target, e);
    }
  }

  /**
   * The signature a receiver recomputes: lower-case hex of HMAC-SHA256(secret, timestamp + "." +
   * body).
   */
  public static String sign(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
