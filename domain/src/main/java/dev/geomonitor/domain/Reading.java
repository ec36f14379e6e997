package dev.geomonitor.domain;

import java.time.Instant;

/**
 * A reading that passed validation, in one shape whatever API version served it.
 *
 * @param instrument the instrument type
 * @param boreholeNumber the instrument's id on site (the API's {@code borehole_number})
 * @param timestamp when the instrument measured, millisecond precision
 * @param value the measured value in {@link InstrumentType#unit()}
 * @param surfaceLevel ground level at the borehole, m AHD, when the API gives it (standpipes)
 * @param northing northing in the site grid (SITE_CRS), m
 * @param easting easting in the site grid (SITE_CRS), m
 * @param axis the sub-channel of the point (x, y or z for settlement points); part of the series
 *     key; null when the API names none
 * @param apiVersion which API version served it
 * @param fetchedAt when the producer fetched it
 */
public record Reading(
    InstrumentType instrument,
    String boreholeNumber,
    Instant timestamp,
    double value,
    Double surfaceLevel,
    double northing,
    double easting,
    String axis,
    ApiVersion apiVersion,
    Instant fetchedAt) {

  /**
   * The natural key, also the document id in OpenSearch: {@code
   * instrument:borehole_number[:axis]:timestamp}.
   */
  public String readingId() {
    return NaturalKeys.readingId(instrument.wireName(), boreholeNumber, axis, timestamp);
  }
}
