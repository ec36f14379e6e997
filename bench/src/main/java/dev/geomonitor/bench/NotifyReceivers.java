package dev.geomonitor.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.geomonitor.alarms.AlarmConfig;
import dev.geomonitor.alarms.AlarmsFile;
import dev.geomonitor.alarms.notify.EmailChannel;
import dev.geomonitor.domain.Json;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The far end of the alarm benches: a real SMTP server (GreenMail) and a JDK HTTP server taking the
 * webhooks, each stamping (System.nanoTime) when the first message about a borehole arrived. Both
 * alarm benches measure to these stamps, so they measure to the same point: the e-mail accepted by
 * SMTP, the webhook's body received.
 */
final class NotifyReceivers implements AutoCloseable {
  private final GreenMail smtp;
  private final HttpServer hooks;
  private final Thread mailWatch;
  private final Map<String, Long> mailed = new ConcurrentHashMap<>();
  private final Map<String, Long> posted = new ConcurrentHashMap<>();

  private NotifyReceivers(GreenMail smtp, HttpServer hooks) {
    this.smtp = smtp;
    this.hooks = hooks;
    this.mailWatch = new Thread(this::watchMail, "mail-arrivals");
    mailWatch.setDaemon(true);
  }

  static NotifyReceivers start() {
    GreenMail smtp =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    HttpServer hooks;
    try {
      hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      smtp.stop();
      throw new UncheckedIOException("cannot open the webhook receiver", e);
    }
    NotifyReceivers receivers = new NotifyReceivers(smtp, hooks);
    hooks.createContext(
        "/",
        exchange -> {
          try (exchange) {
            long at = System.nanoTime();
            String borehole =
                Json.MAPPER
                    .readTree(exchange.getRequestBody().readAllBytes())
                    .path("borehole_number")
                    .asText();
            receivers.posted.putIfAbsent(borehole, at);
            exchange.sendResponseHeaders(204, -1);
          }
        });
    hooks.start();
    receivers.mailWatch.start();
    return receivers;
  }

  /**
   * The local runner's alarm configuration with one group, told by e-mail and webhook at the Alarm
   * level, pointed at these receivers.
   */
  AlarmConfig alarmConfig(Duration pollInterval) {
    AlarmsFile file =
        AlarmsFile.parse(
            """
            {"groups": {"site": {"email": ["engineer@site.test"], "webhooks": ["http://127.0.0.1:%d/hook"]}},
             "levels": {"ALARM": {"ack_within": "PT1H", "notify": ["site"]}}}
            """
                .formatted(hooks.getAddress().getPort()),
            "bench");
    return AlarmConfig.defaults()
        .withAlarms(file)
        .withPollInterval(pollInterval)
        .withSmtp(
            new EmailChannel.SmtpSettings(
                "127.0.0.1",
                smtp.getSmtp().getPort(),
                "alarms@site.test",
                null,
                null,
                false,
                Duration.ofSeconds(10)))
        .withWebhookSecret("bench-secret-of-sufficient-length");
  }

  /** When the first e-mail about {@code borehole} was accepted (System.nanoTime), if it was. */
  OptionalLong mailed(String borehole) {
    Long at = mailed.get(borehole);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /** When the first webhook about {@code borehole} was received (System.nanoTime), if it was. */
  OptionalLong posted(String borehole) {
    Long at = posted.get(borehole);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  int mailedCount() {
    return mailed.size();
  }

  int postedCount() {
    return posted.size();
  }

  /** GreenMail has no arrival callback: look every 5 ms and stamp what is new (5 ms resolution). */
  private void watchMail() {
    int seen = 0;
    while (!Thread.currentThread().isInterrupted()) {
      MimeMessage[] messages = smtp.getReceivedMessages();
      long at = System.nanoTime();
      for (int i = seen; i < messages.length; i++) {
        try {
          // The subject is "[LEVEL] instrument borehole: what (alarm n)".
          String borehole = messages[i].getSubject().split(" ")[2].replace(":", "");
          mailed.putIfAbsent(borehole, at);
        } catch (MessagingException e) {
          throw new IllegalStateException("unreadable message from the alarm processor", e);
        }
      }
      seen = messages.length;
      try {
        TimeUnit.MILLISECONDS.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    mailWatch.interrupt();
    hooks.stop(0);
    smtp.stop();
  }
}
