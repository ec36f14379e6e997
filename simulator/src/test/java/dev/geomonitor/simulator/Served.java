package dev.geomonitor.simulator;

import dev.geomonitor.domain.ApiResponse;
import dev.geomonitor.domain.ApiResponseParser;
import dev.geomonitor.domain.DecodeResult;
import dev.geomonitor.domain.MalformedResponseException;
import dev.geomonitor.domain.RawReading;
import dev.geomonitor.domain.ReadingDecoder;
import java.time.Instant;
import java.util.List;

/**
 * Test support: reads what the simulator served the way the pipeline does (domain parser, then
 * domain validator).
 */
final class Served {
  private static final ReadingDecoder DECODER = new ReadingDecoder();

  private Served() {}

  static ApiResponse parse(ApiReply reply) {
    try {
      return ApiResponseParser.parse(reply.body());
    } catch (MalformedResponseException e) {
      throw new AssertionError(
          "the pipeline's parser refused the body: " + e.getMessage() + "\n" + reply.body(), e);
    }
  }

  /**
   * Every item of the response through the validator, as the producer would wrap it at {@code
   * fetchedAt}.
   */
  static List<DecodeResult> decode(ApiReply reply, String endpoint, Instant fetchedAt) {
    ApiResponse response = parse(reply);
    return response.items().stream()
        .map(item -> RawReading.of(response, item, endpoint, fetchedAt, "poll-1"))
        .map(raw -> DECODER.decode(raw.toJsonBytes()))
        .toList();
  }
}
