package dev.geomonitor.alarms.notify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is told what, from the alarms file: recipient groups (e-mail addresses, webhook URLs) and,
 * per level, the groups told when an alarm is raised and the groups of each escalation step. On AWS
 * each level may also have an SNS topic ({@code topics}, level to topic ARN, from ALARM_TOPICS),
 * which gets every message of that level: its subscribers follow the whole story of an alarm
 * (raise, escalation steps, reminders, all clear).
 */
public record NotificationRoutes(
    Map<String, Group> groups, Map<String, LevelRoute> levels, Map<String, String> topics) {

  public record Group(String name, List<String> email, List<String> webhooks) {
    public Group {
      email = List.copyOf(email);
      webhooks = List.copyOf(webhooks);
    }
  }

  /**
   * @param escalate the groups of step 1, 2...: step k tells {@code escalate.get(k - 1)}
   */
  public record LevelRoute(List<String> onRaise, List<List<String>> escalate) {
    public LevelRoute {
      onRaise = List.copyOf(onRaise);
      escalate = escalate.stream().map(List::copyOf).toList();
    }
  }

  /** One recipient of a message. */
  public record Target(Channel.Kind channel, String address) {}

  public NotificationRoutes {
    groups = Map.copyOf(groups);
    levels = Map.copyOf(levels);
    topics = Map.copyOf(topics);
  }

  /** Routes without SNS topics (the alarms file alone). */
  public NotificationRoutes(Map<String, Group> groups, Map<String, LevelRoute> levels) {
    this(groups, levels, Map.of());
  }

  /** These routes, each level's messages also published to its topic (level to topic ARN). */
  public NotificationRoutes withTopics(Map<String, String> levelTopics) {
    return new NotificationRoutes(groups, levels, levelTopics);
  }

  /**
   * The recipients of a message: RAISE and REMINDER → the level's notify groups; ESCALATE step k →
   * that step's groups; ALL_CLEAR → everyone who was told (notify groups and every escalation step
   * reached).
   */
  public List<Target> targets(String message, String level, int step, int escalatedTo) {
    LevelRoute route = levels.get(level);
    String topic = topics.get(level);
    if (route == null) {
      return topic == null ? List.of() : List.of(new Target(Channel.Kind.SNS, topic));
    }
    List<String> names = new ArrayList<>();
    switch (message) {
      case "RAISE", "REMINDER" -> names.addAll(route.onRaise());
      case "ESCALATE" -> {
        if (step >= 1 && step <= route.escalate().size()) {
          names.addAll(route.escalate().get(step - 1));
        }
      }
      case "ALL_CLEAR" -> {
        names.addAll(route.onRaise());
        for (int i = 0; i < Math.min(escalatedTo, route.escalate().size()); i++) {
          names.addAll(route.escalate().get(i));
        }
      }
      default -> throw new IllegalArgumentException("unknown message " + message);
    }
    Set<Target> targets = new LinkedHashSet<>();
    for (String name : names) {
      Group g = groups.get(name);
      g.email().forEach(a -> targets.add(new Target(Channel.Kind.EMAIL, a)));
      g.webhooks().forEach(u -> targets.add(new Target(Channel.Kind.WEBHOOK, u)));
    }
    if (topic != null) {
      targets.add(new Target(Channel.Kind.SNS, topic));
    }
    return List.copyOf(targets);
  }

  /** Whether any group has an e-mail address (then SMTP must be configured). */
  public boolean usesEmail() {
    return groups.values().stream().anyMatch(g -> !g.email().isEmpty());
  }

  public boolean usesTopics() {
    return !topics.isEmpty();
  }

  public boolean usesWebhooks() {
    return groups.values().stream().anyMatch(g -> !g.webhooks().isEmpty());
  }
}
