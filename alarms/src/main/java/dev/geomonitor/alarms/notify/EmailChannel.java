package dev.geomonitor.alarms.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/** E-mail over SMTP (Jakarta Mail, Eclipse Angus): one plain-text message per recipient. */
public final class EmailChannel implements Channel {

  /**
   * @param user null: no authentication
   * @param startTls require STARTTLS (port 587 servers)
   */
  public record SmtpSettings(
      String host,
      int port,
      String from,
      String user,
      String password,
      boolean startTls,
      Duration timeout) {
    public SmtpSettings {
      Objects.requireNonNull(host, "SMTP_HOST");
      Objects.requireNonNull(from, "SMTP_FROM");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private final SmtpSettings smtp;
  private final Session session;

  public EmailChannel(SmtpSettings smtp) {
    this.smtp = smtp;
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    String millis = Long.toString(smtp.timeout().toMillis());
    // Without these a dead SMTP server blocks the dispatcher forever.
    p.put("mail.smtp.connectiontimeout", millis);
    p.put("mail.smtp.timeout", millis);
    p.put("mail.smtp.writetimeout", millis);
    p.put("mail.smtp.auth", Boolean.toString(smtp.user() != null));
    if (smtp.startTls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    this.session = Session.getInstance(p);
  }

  @Override
  public void send(long deliveryId, String target, Notice notice) throws DeliveryException {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(smtp.from()));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(target, true));
      m.setSubject(notice.subject(), "UTF-8");
      m.setText(notice.text(), "UTF-8");
      m.setSentDate(new Date());
      m.setHeader("X-Geomonitor-Delivery", Long.toString(deliveryId));
      m.setHeader("X-Geomonitor-Alarm", notice.payload().path("alarm_id").asText());
      if (smtp.user() != null) {
        Transport.send(m, smtp.user(), smtp.password());
      } else {
        Transport.send(m);
      }
    } catch (MessagingException e) {
      throw new DeliveryException(
          "SMTP "
              + smtp.host()
              + ":"
              + smtp.port()
              + " did not accept the message to "
              + target
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
