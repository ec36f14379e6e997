package dev.geomonitor.deploy;

/**
 * Thrown by a handler so the invocation fails: the CDK provider framework then sends FAILED with
 * this message as the Reason, which is what the stack's events and rollback show.
 */
public final class CustomResourceFailedException extends RuntimeException {
  public CustomResourceFailedException(String reason) {
    super(reason);
  }
}
