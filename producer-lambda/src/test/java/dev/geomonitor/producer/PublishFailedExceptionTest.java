package dev.geomonitor.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class PublishFailedExceptionTest {

  @Test
  void authConfigSerializationAndOversizedRecordsAreFatal() {
    assertThat(PublishFailedException.isFatal(new SaslAuthenticationException("bad signature")))
        .isTrue();
    assertThat(PublishFailedException.isFatal(new TopicAuthorizationException("denied"))).isTrue();
    assertThat(PublishFailedException.isFatal(new ConfigException("bad"))).isTrue();
    assertThat(PublishFailedException.isFatal(new SerializationException("bad"))).isTrue();
    assertThat(PublishFailedException.isFatal(new RecordTooLargeException("2 MB"))).isTrue();
  }

  @Test
  void transientBrokerTroubleIsRetriable() {
    assertThat(PublishFailedException.isFatal(new TimeoutException("expired"))).isFalse();
    assertThat(PublishFailedException.isFatal(new NetworkException("reset"))).isFalse();
    assertThat(PublishFailedException.isFatal(new NotLeaderOrFollowerException("moved"))).isFalse();
  }

  @Test
  void anUnknownFailureIsTreatedAsFatal() {
    assertThat(PublishFailedException.isFatal(new KafkaException("producer closed"))).isTrue();
    assertThat(PublishFailedException.isFatal(new IllegalStateException("?"))).isTrue();
  }

  @Test
  void theMessageNamesTheTopicAndSaysWhetherRetryingHelps() {
    PublishFailedException e =
        new PublishFailedException("t.raw", "1 of 5 sends", new TimeoutException("expired"));

    assertThat(e.topic()).isEqualTo("t.raw");
    assertThat(e.getMessage())
        .contains("'t.raw'", "1 of 5 sends", "TimeoutException: expired", "[retriable]");
  }
}
