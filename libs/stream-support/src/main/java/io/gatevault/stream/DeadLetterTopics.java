package io.gatevault.stream;

/**
 * Naming of dead-letter topics: {@code <topic>.<group>.dlt}, one per consumed topic and consumer
 * group, so a record that one service could not handle never disturbs another service's DLT and an
 * operator sees at once who failed on what.
 */
public final class DeadLetterTopics {

  public static final String SUFFIX = ".dlt";

  private DeadLetterTopics() {}

  /**
   * The dead-letter topic for records of {@code topic} that consumer group {@code group} failed.
   */
  public static String nameFor(String topic, String group) {
    if (topic == null || topic.isBlank() || group == null || group.isBlank()) {
      throw new IllegalArgumentException(
          "A dead-letter topic needs both the source topic and the consumer group, got topic='"
              + topic
              + "', group='"
              + group
              + "'");
    }
    return topic + "." + group + SUFFIX;
  }
}
