package dev.geomonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geomonitor.alarms.notify.Channel;
import dev.geomonitor.alarms.notify.NotificationRoutes;
import dev.geomonitor.platform.settings.SettingValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmTopicsTest {
  private static final String ACTION = "arn:aws:sns:ap-southeast-2:123456789012:gm-ACTION";
  private static final String STALE = "arn:aws:sns:ap-southeast-2:123456789012:gm-STALE";

  @Test
  void alarmTopicsNamesATopicPerLevel() {
    AlarmConfig config =
        AlarmConfig.from(
            SettingValues.of(Map.of("ALARM_TOPICS", "ACTION=" + ACTION + ", STALE=" + STALE)));
    assertThat(config.topics())
        .containsOnly(Map.entry("ACTION", ACTION), Map.entry("STALE", STALE));
  }

  @Test
  void anUnknownLevelOrANonSnsArnIsRefusedWithTheReason() {
    assertThatThrownBy(() -> AlarmConfig.topics("RED=" + ACTION))
        .hasMessageContaining("'RED' is not a level");
    assertThatThrownBy(() -> AlarmConfig.topics("ALARM=arn:aws:sqs:ap-southeast-2:123456789012:q"))
        .hasMessageContaining("must be an SNS topic ARN");
    assertThatThrownBy(() -> AlarmConfig.topics("ALARM=" + ACTION + ",ALARM=" + STALE))
        .hasMessageContaining("twice");
  }

  @Test
  void everyMessageOfALevelGoesToItsTopicBesidesTheGroups() {
    NotificationRoutes routes =
        new NotificationRoutes(
                Map.of(
                    "eng",
                    new NotificationRoutes.Group(
                        "eng", java.util.List.of("e@x.test"), java.util.List.of())),
                Map.of(
                    "ACTION",
                    new NotificationRoutes.LevelRoute(
                        java.util.List.of("eng"), java.util.List.of())))
            .withTopics(Map.of("ACTION", ACTION, "STALE", STALE));

    assertThat(routes.targets("RAISE", "ACTION", 0, 0))
        .containsExactly(
            new NotificationRoutes.Target(Channel.Kind.EMAIL, "e@x.test"),
            new NotificationRoutes.Target(Channel.Kind.SNS, ACTION));
    assertThat(routes.targets("ALL_CLEAR", "STALE", 0, 0))
        .containsExactly(new NotificationRoutes.Target(Channel.Kind.SNS, STALE));
    assertThat(routes.targets("RAISE", "ALERT", 0, 0)).isEmpty();
  }
}
