package dev.geomonitor.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reason a record was rejected: a stable code, the field it concerns (null for whole-record reasons) and a message a
 * person can act on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(RejectCode code, String field, String message) {
  public static Rejection of(RejectCode code, String field, String message) {
    return new Rejection(code, field, message);
  }

  @Override
  public String toString() {
    return field == null ? code + ": " + message : code + "(" + field + "): " + message;
  }
}
