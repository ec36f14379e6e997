package dev.geomonitor.producer;

import java.time.Instant;

/**
 * A successful answer of the source API, before parsing.
 *
 * @param url the URL requested
 * @param status the 2xx status
 * @param body the body as text
 * @param fetchedAt when the body had fully arrived (the reference the validator judges timestamps
 *     against)
 * @param retries how many retries it took (0 if the first attempt succeeded)
 * @param oversizeBytes 0, or the bytes received of a body over {@link
 *     SourceApiClient#MAX_BODY_BYTES} (then {@code body} holds only its first 64 KiB)
 */
public record FetchedBody(
    String url, int status, String body, Instant fetchedAt, int retries, long oversizeBytes) {
  public FetchedBody(String url, int status, String body, Instant fetchedAt, int retries) {
    this(url, status, body, fetchedAt, retries, 0);
  }

  public boolean oversized() {
    return oversizeBytes > 0;
  }
}
