package dev.geomonitor.alarms.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * A message about an alarm as it was decided (the queued payload), with its e-mail subject and
 * text. The webhook body is the payload itself (JSON, snake_case; fields in the module README).
 */
public record Notice(JsonNode payload, String json, URI pageUrl) {

  public String message() {
    return payload.path("message").asText();
  }

  public String subject() {
    String what =
        switch (message()) {
          case "RAISE" -> payload.path("late").asBoolean() ? "raised (late reading)" : "raised";
          case "ESCALATE" ->
              "not acknowledged, escalation step " + payload.path("escalation_step").asInt();
          case "REMINDER" ->
              "still active (acknowledged by "
                  + payload.path("acknowledged_by").asText()
                  + "), reminder "
                  + payload.path("escalation_step").asInt();
          case "ALL_CLEAR" -> "all clear";
          default -> message();
        };
    return "["
        + payload.path("level").asText()
        + "] "
        + payload.path("instrument").asText()
        + " "
        + payload.path("borehole_number").asText()
        + ": "
        + what
        + " (alarm "
        + payload.path("alarm_id").asLong()
        + ")";
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(subject()).append("\n\n");
    line(
        b, "Alarm", payload.path("alarm_id").asText() + " (" + payload.path("kind").asText() + ")");
    line(b, "Series", payload.path("series").asText());
    line(b, "Level", payload.path("level").asText());
    line(b, "Status now", payload.path("current_status").asText());
    if (!payload.path("value").isNull() && !payload.path("value").isMissingNode()) {
      line(b, "Value", payload.path("value").asText() + " " + payload.path("unit").asText(""));
    }
    line(b, "Reading time", payload.path("reading_ts").asText("-"));
    line(b, "Raised at", payload.path("raised_at").asText());
    line(b, "State", payload.path("state").asText());
    b.append('\n');
    switch (message()) {
      case "RAISE", "ESCALATE" ->
          b.append(
                  "Acknowledge it on the alarm page or with\n  curl -X POST -H 'Content-Type:"
                      + " application/json' -d '{\"by\":\"your name\",\"comment\":\"...\"}' ")
              .append(pageUrl == null ? "<page>/" : pageUrl.toString())
              .append("api/alarms/")
              .append(payload.path("alarm_id").asLong())
              .append("/acknowledge\n");
      case "ALL_CLEAR" ->
          b.append("The instrument has been back within its levels for the clear hold.\n");
      default -> {}
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String name, String value) {
    b.append(String.format("%-13s %s%n", name + ":", value));
  }
}
