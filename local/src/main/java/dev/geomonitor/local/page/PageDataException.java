package dev.geomonitor.local.page;

/** A data source of the page could not answer; the message names the source and what to check. */
public class PageDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PageDataException(String message) {
    super(message);
  }

  public PageDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
