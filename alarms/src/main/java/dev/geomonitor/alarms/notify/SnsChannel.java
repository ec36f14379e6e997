package dev.geomonitor.alarms.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.geomonitor.domain.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes to an Amazon SNS topic; the target is the topic's ARN. One message serves every kind of
 * subscription (SNS's JSON message structure): e-mail gets the same text as the e-mail channel, SMS
 * only the subject line (a text message is short), SQS, Lambda and HTTPS subscribers the JSON
 * payload the webhooks get. The attributes {@code alarm_id}, {@code level}, {@code message} and
 * {@code delivery_id} let a subscription filter, and a receiver drop a repeat.
 */
public final class SnsChannel implements Channel {
  /** SNS refuses an e-mail subject longer than this. */
  static final int MAX_SUBJECT = 100;

  private final SnsClient sns;

  public SnsChannel(SnsClient sns) {
    this.sns = Objects.requireNonNull(sns, "sns");
  }

  @Override
  public void send(long deliveryId, String target, Notice notice) throws DeliveryException {
    PublishRequest request =
        PublishRequest.builder()
            .topicArn(target)
            .subject(subject(notice.subject()))
            .messageStructure("json")
            .message(message(notice))
            .messageAttributes(
                Map.of(
                    "alarm_id", number(notice.payload().path("alarm_id").asLong()),
                    "level", text(notice.payload().path("level").asText()),
                    "message", text(notice.message()),
                    "delivery_id", number(deliveryId)))
            .build();
    try {
      sns.publish(request);
    } catch (SdkException e) {
      throw new DeliveryException("SNS topic " + target + " refused: " + e.getMessage(), e);
    }
  }

  /** The body of SNS's JSON message structure: one text per subscription protocol. */
  static String message(Notice notice) {
    Map<String, String> perProtocol = new LinkedHashMap<>();
    perProtocol.put("default", notice.text());
    perProtocol.put("email", notice.text());
    perProtocol.put("email-json", notice.json());
    perProtocol.put("sms", notice.subject());
    perProtocol.put("sqs", notice.json());
    perProtocol.put("lambda", notice.json());
    perProtocol.put("http", notice.json());
    perProtocol.put("https", notice.json());
    try {
      return Json.MAPPER.writeValueAsString(perProtocol);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an SNS message", e);
    }
  }

  /** SNS takes a subject of printable ASCII without line breaks, at most 100 characters. */
  static String subject(String subject) {
    StringBuilder b = new StringBuilder(Math.min(subject.length(), MAX_SUBJECT));
    for (int i = 0; i < subject.length() && b.length() < MAX_SUBJECT; i++) {
      char c = subject.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static MessageAttributeValue number(long value) {
    return MessageAttributeValue.builder()
        .dataType("Number")
        .stringValue(Long.toString(value))
        .build();
  }
}
