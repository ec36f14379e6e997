package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A rejected record on the dead-letter topic: why (machine-readable reasons), who rejected it,
 * where it came from and what it was. Written by the producer (unparseable API bodies), the Spark
 * job (invalid readings) and the search sink (documents OpenSearch refused).
 *
 * @param stage {@code producer}, {@code spark-job} or {@code search-sink}
 * @param sourceTopic the topic the rejected record was read from (null for the producer: it read
 *     HTTP)
 * @param sourcePartition its partition, or null
 * @param sourceOffset its offset, or null
 * @param source for the producer, the URL polled
 * @param key the record key, if any
 * @param value the rejected value as text, cut to {@link #MAX_VALUE_CHARS}
 * @param valueBase64 the exact bytes when they are not valid UTF-8 (cut to the same bound), else
 *     null
 * @param valueTruncated whether {@code value} was cut
 * @param rejectedAt when the record was rejected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    @JsonProperty("stage") String stage,
    @JsonProperty("reasons") List<Rejection> reasons,
    @JsonProperty("source_topic") String sourceTopic,
    @JsonProperty("source_partition") Integer sourcePartition,
    @JsonProperty("source_offset") Long sourceOffset,
    @JsonProperty("source") String source,
    @JsonProperty("key") String key,
    @JsonProperty("value") String value,
    @JsonProperty("value_base64") String valueBase64,
    @JsonProperty("value_truncated") boolean valueTruncated,
    @JsonProperty("rejected_at") Instant rejectedAt) {

  /**
   * Bodies can be megabytes; the DLQ keeps enough to diagnose, and Kafka's 1 MB record limit is
   * never at risk.
   */
  public static final int MAX_VALUE_CHARS = 64 * 1024;

  public static final String STAGE_PRODUCER = "producer";
  public static final String STAGE_SPARK = "spark-job";
  public static final String STAGE_SEARCH_SINK = "search-sink";

  /**
   * A dead letter for a record read from Kafka, keeping its bytes exactly when they are not valid
   * UTF-8.
   */
  public static DeadLetter fromKafka(
      String stage,
      List<Rejection> reasons,
      String topic,
      int partition,
      long offset,
      String key,
      byte[] value,
      Instant rejectedAt) {
    boolean invalidUtf8 = reasons.stream().anyMatch(r -> r.code() == RejectCode.INVALID_UTF8);
    String text = value == null ? null : new String(value, StandardCharsets.UTF_8);
    String base64 = null;
    if (invalidUtf8 && value != null) {
      byte[] cut =
          value.length > MAX_VALUE_CHARS ? java.util.Arrays.copyOf(value, MAX_VALUE_CHARS) : value;
      base64 = Base64.getEncoder().encodeToString(cut);
    }
    boolean truncated = text != null && text.length() > MAX_VALUE_CHARS;
    return new DeadLetter(
        stage,
        reasons,
        topic,
        partition,
        offset,
        null,
        key,
        truncate(text),
        base64,
        truncated,
        rejectedAt);
  }

  /** A dead letter for an HTTP body the producer could not parse. */
  public static DeadLetter fromHttp(
      List<Rejection> reasons, String url, String body, Instant rejectedAt) {
    boolean truncated = body != null && body.length() > MAX_VALUE_CHARS;
    return new DeadLetter(
        STAGE_PRODUCER,
        reasons,
        null,
        null,
        null,
        url,
        null,
        truncate(body),
        null,
        truncated,
        rejectedAt);
  }

  private static String truncate(String s) {
    if (s == null || s.length() <= MAX_VALUE_CHARS) {
      return s;
    }
    // never cut a surrogate pair in two: half a pair has no UTF-8 form
    return s.substring(
        0,
        Character.isHighSurrogate(s.charAt(MAX_VALUE_CHARS - 1))
            ? MAX_VALUE_CHARS - 1
            : MAX_VALUE_CHARS);
  }

  public byte[] toJsonBytes() {
    try {
      return Json.MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a DeadLetter always serializes", e);
    }
  }
}
