package dev.geomonitor.domain;

/**
 * The source API answered 200 with a body that is not a response of either version. The body goes
 * to the DLQ.
 */
public class MalformedResponseException extends Exception {
  private final RejectCode code;

  public MalformedResponseException(RejectCode code, String message) {
    super(message);
    this.code = code;
  }

  public RejectCode code() {
    return code;
  }

  public Rejection toRejection() {
    return Rejection.of(code, null, getMessage());
  }
}
