package dev.geomonitor.job;

import java.io.Serializable;
import java.time.Instant;

/**
 * A validated reading as a Spark row (a Java bean because Spark's bean encoder needs getters and setters). Built from the
 * domain {@link dev.geomonitor.domain.Reading} with its position already projected to WGS84.
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

  public ReadingRow() {}

  /** The key readings are grouped, deduplicated and published by: {@code instrument:borehole_number}. */
  public String instrumentKey() {
    return instrument + ":" + boreholeNumber;
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
