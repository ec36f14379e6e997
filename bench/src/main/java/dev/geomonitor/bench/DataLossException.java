package dev.geomonitor.bench;

/** A run lost or duplicated data: its figures must not be reported. */
public final class DataLossException extends RuntimeException {
  public DataLossException(String message) {
    super(message);
  }
}
