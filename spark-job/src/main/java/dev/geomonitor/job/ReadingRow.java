package dev.geomonitor.job;

import dev.geomonitor.domain.NaturalKeys;
import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;

/**
 * A validated reading as a Spark row (a Java bean because Spark's bean encoder needs getters and
 * setters). Built from the domain {@link dev.geomonitor.domain.Reading} with its position already
 * projected to WGS84 and its place in the raw log (topic, partition, offset), which orders a
 * series' readings.
 */
public class ReadingRow implements Serializable {
  private static final long serialVersionUID = 1L;

  private String readingId;
  private String instrument;
  private String boreholeNumber;
  private String axis;
  private Instant ts;
  private double value;
  private String unit;
  private String quantity;
  private Double surfaceLevel;
  private double northing;
  private double easting;
  private double lat;
  private double lon;
  private String apiVersion;
  private Instant fetchedAt;
  private String topic;
  private int partition;
  private long offset;

  public ReadingRow() {}

  /**
   * The key readings are published by, as the raw topic is keyed: {@code
   * instrument:borehole_number}.
   */
  public String instrumentKey() {
    return instrument + ":" + boreholeNumber;
  }

  /**
   * The key readings are grouped and deduplicated by: the series, {@code
   * instrument:borehole_number[:axis]}.
   */
  public String seriesKey() {
    return NaturalKeys.seriesKey(instrument, boreholeNumber, axis);
  }

  /**
   * Raw-log order: all records of a series are in one partition (the raw key), so the offset orders
   * them.
   */
  static final Comparator<ReadingRow> LOG_ORDER =
      Comparator.comparing(ReadingRow::getTopic, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingInt(ReadingRow::getPartition)
          .thenComparingLong(ReadingRow::getOffset);

  /** The raw topic the reading was read from. */
  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public int getPartition() {
    return partition;
  }

  public void setPartition(int partition) {
    this.partition = partition;
  }

  public long getOffset() {
    return offset;
  }

  public void setOffset(long offset) {
    this.offset = offset;
  }

  public String getReadingId() {
    return readingId;
  }

  public void setReadingId(String readingId) {
    this.readingId = readingId;
  }

  public String getInstrument() {
    return instrument;
  }

  public void setInstrument(String instrument) {
    this.instrument = instrument;
  }

  public String getBoreholeNumber() {
    return boreholeNumber;
  }

  public void setBoreholeNumber(String boreholeNumber) {
    this.boreholeNumber = boreholeNumber;
  }

  public String getAxis() {
    return axis;
  }

  public void setAxis(String axis) {
    this.axis = axis;
  }

  public Instant getTs() {
    return ts;
  }

  public void setTs(Instant ts) {
    this.ts = ts;
  }

  public double getValue() {
    return value;
  }

  public void setValue(double value) {
    this.value = value;
  }

  public String getUnit() {
    return unit;
  }

  public void setUnit(String unit) {
    this.unit = unit;
  }

  public String getQuantity() {
    return quantity;
  }

  public void setQuantity(String quantity) {
    this.quantity = quantity;
  }

  public Double getSurfaceLevel() {
    return surfaceLevel;
  }

  public void setSurfaceLevel(Double surfaceLevel) {
    this.surfaceLevel = surfaceLevel;
  }

  public double getNorthing() {
    return northing;
  }

  public void setNorthing(double northing) {
    this.northing = northing;
  }

  public double getEasting() {
    return easting;
  }

  public void setEasting(double easting) {
    this.easting = easting;
  }

  public double getLat() {
    return lat;
  }

  public void setLat(double lat) {
    this.lat = lat;
  }

  public double getLon() {
    return lon;
  }

  public void setLon(double lon) {
    this.lon = lon;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public Instant getFetchedAt() {
    return fetchedAt;
  }

  public void setFetchedAt(Instant fetchedAt) {
    this.fetchedAt = fetchedAt;
  }
}
