package dev.geomonitor.platform.kafka;

import dev.geomonitor.platform.settings.Setting;
import dev.geomonitor.platform.settings.SettingTypes;
import dev.geomonitor.platform.settings.SettingValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Where Kafka is and how to authenticate: what every client of every module shares. The only place
 * the security settings are made.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param auth {@link KafkaAuth#NONE} for a plain broker, {@link KafkaAuth#IAM} for MSK with IAM
 *     access control
 * @param clientId names the client in broker logs and quotas; null lets Kafka generate one
 */
public record KafkaConnection(String bootstrapServers, KafkaAuth auth, String clientId) {

  public static final Setting<KafkaAuth> AUTH =
      Setting.of(
          "KAFKA_AUTH",
          SettingTypes.choice(KafkaAuth.class),
          "none",
          "`iam` on MSK with IAM access control (SASL_SSL + AWS_MSK_IAM, port 9098); `none` for a plain broker");

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers are empty: set KAFKA_BOOTSTRAP_SERVERS (host:port,...)");
    }
    bootstrapServers = bootstrapServers.strip();
    auth = auth == null ? KafkaAuth.NONE : auth;
  }

  /**
   * {@code KAFKA_BOOTSTRAP_SERVERS} with a process's own default (null: none, the process needs it
   * set).
   */
  public static Setting<String> bootstrapServersSetting(String defaultText) {
    String description = "Kafka bootstrap servers, `host:port[,host:port]`";
    return defaultText == null
        ? Setting.required("KAFKA_BOOTSTRAP_SERVERS", SettingTypes.TEXT, description)
        : Setting.of("KAFKA_BOOTSTRAP_SERVERS", SettingTypes.TEXT, defaultText, description);
  }

  /** A plain-text broker: tests, the local runner and the bench. */
  public static KafkaConnection plain(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, KafkaAuth.NONE, null);
  }

  /** Reads {@code KAFKA_BOOTSTRAP_SERVERS} (must be set) and {@code KAFKA_AUTH}. */
  public static KafkaConnection from(SettingValues values) {
    return new KafkaConnection(values.get(bootstrapServersSetting(null)), values.get(AUTH), null);
  }

  public boolean iam() {
    return auth == KafkaAuth.IAM;
  }

  public KafkaConnection withClientId(String id) {
    return new KafkaConnection(bootstrapServers, auth, id);
  }

  /** Connection and security as plain client properties (un-prefixed). */
  public Map<String, String> properties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    if (clientId != null) {
      m.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    }
    if (auth == KafkaAuth.IAM) {
      // MSK's IAM listener is TLS + SASL; aws-msk-iam-auth signs the handshake with the role's
      // credentials (SigV4).
      m.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
      m.put(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
      m.put(SaslConfigs.SASL_JAAS_CONFIG, "software.amazon.msk.auth.iam.IAMLoginModule required;");
      m.put(
          SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS,
          "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
    return m;
  }

  /** The password-free description for logs. */
  @Override
  public String toString() {
    return bootstrapServers + " (" + auth.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
