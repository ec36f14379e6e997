package dev.geomonitor.alarms.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * A real HTTP server speaking SNS's query protocol on an ephemeral port: records every Publish (the
 * form fields the SDK sent) and answers as SNS does, with a message id, or with SNS's NotFound
 * error for a topic it was told does not exist.
 */
public final class StubSns implements AutoCloseable {
  /** One Publish call as the SDK sent it: the decoded form fields and the signature header. */
  public record Publish(Map<String, String> form, String authorization) {
    public String topicArn() {
      return form.get("TopicArn");
    }

    /** The value of the message attribute {@code name}, or null. */
    public String attribute(String name) {
      for (int i = 1; form.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
        if (form.get("MessageAttributes.entry." + i + ".Name").equals(name)) {
          return form.get("MessageAttributes.entry." + i + ".Value.StringValue");
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Publish> published = new CopyOnWriteArrayList<>();
  private final Set<String> missingTopics = ConcurrentHashMap.newKeySet();
  private final Queue<Integer> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong();

  public StubSns() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Map<String, String> form =
                form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String xml;
            int status;
            Integer failure = failures.poll();
            if (!"Publish".equals(form.get("Action"))) {
              status = 400;
              xml = error("InvalidAction", "only Publish here, got " + form.get("Action"));
            } else if (failure != null) {
              status = failure;
              xml = error("InternalError", "stub failure");
            } else if (missingTopics.contains(form.get("TopicArn"))) {
              status = 404;
              xml = error("NotFound", "Topic does not exist");
            } else {
              published.add(
                  new Publish(form, exchange.getRequestHeaders().getFirst("Authorization")));
              status = 200;
              xml =
                  "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                      + "<PublishResult><MessageId>m-"
                      + ids.incrementAndGet()
                      + "</MessageId></PublishResult>"
                      + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                      + "</PublishResponse>";
            }
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
  }

  private static String error(String code, String message) {
    return "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>"
        + "<Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>r-e</RequestId></ErrorResponse>";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  /** Publishing to this topic is answered with SNS's 404 NotFound. */
  public void topicMissing(String arn) {
    missingTopics.add(arn);
  }

  /** The next Publish calls are answered with these statuses (an SNS InternalError). */
  public void failNext(int... statuses) {
    for (int s : statuses) {
      failures.add(s);
    }
  }

  /** A client of this server, as the processor gets one on AWS but with a fixed key and region. */
  public SnsClient client() {
    return SnsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.AP_SOUTHEAST_2)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(c -> c.retryPolicy(p -> p.numRetries(0)))
        .build();
  }

  public List<Publish> published() {
    return List.copyOf(published);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
