package dev.geomonitor.producer;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a cap. A body over the cap is not read further (the connection is
 * cancelled, memory stays bounded whatever the API sends): only its first {@link
 * #KEPT_PREFIX_BYTES} bytes are kept, for the dead letter.
 *
 * @param text the body as text (charset from Content-Type, UTF-8 by default; malformed bytes become
 *     U+FFFD), or the kept prefix when over the cap
 * @param bytes how many bytes were received (for a body over the cap: at least cap + 1)
 * @param overCap whether the body exceeded the cap
 */
public record CappedBody(String text, long bytes, boolean overCap) {
  /** Bytes of an oversized body kept for its dead letter. */
  public static final int KEPT_PREFIX_BYTES = 64 * 1024;

  /** A handler reading at most {@code capBytes}. */
  public static HttpResponse.BodyHandler<CappedBody> handler(long capBytes) {
    return info ->
        new Subscriber(capBytes, charsetOf(info.headers().firstValue("Content-Type").orElse("")));
  }

  static Charset charsetOf(String contentType) {
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").trim());
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8; // an unknown charset name: JSON is UTF-8 (RFC 8259)
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<CappedBody> {
    private final long cap;
    private final Charset charset;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long received;

    Subscriber(long cap, Charset charset) {
      this.cap = cap;
      this.charset = charset;
    }

    @Override
    public CompletionStage<CappedBody> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        received += n;
        if (received > cap) {
          subscription.cancel();
          byte[] kept = buffer.toByteArray();
          int keep = Math.min(kept.length, KEPT_PREFIX_BYTES);
          result.complete(new CappedBody(new String(kept, 0, keep, charset), received, true));
          return;
        }
        byte[] chunk = new byte[n];
        b.get(chunk);
        buffer.write(chunk, 0, n);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (!result.isDone()) {
        result.complete(new CappedBody(new String(buffer.toByteArray(), charset), received, false));
      }
    }
  }
}
