package io.gatevault.messaging.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;

/** How a serializer picks the registry subject for a record, named as Confluent names them. */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
  TOPIC_NAME("TopicNameStrategy"),
  /** The record's full name: one lineage per record type, shared by every topic carrying it. */
  RECORD_NAME("RecordNameStrategy"),
  /** {@code <topic>-<record full name>}: several record types per topic, each with a lineage. */
  TOPIC_RECORD_NAME("TopicRecordNameStrategy");

  private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

  private final String confluentName;

  SubjectNameStrategy(String confluentName) {
    this.confluentName = confluentName;
  }

  public String confluentName() {
    return confluentName;
  }

  public String subjectFor(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> recordName(schema);
      case TOPIC_RECORD_NAME -> topic + "-" + recordName(schema);
    };
  }

  private String recordName(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> schema.getFullName();
      default ->
          throw new SerializationException(
              confluentName
                  + " needs a named Avro type (record, enum or fixed) but got a "
                  + schema.getType()
                  + " schema; use TopicNameStrategy for primitive keys and values.");
    };
  }

  /**
   * Accepts the short name ({@code TopicNameStrategy}), Confluent's class name ({@code
   * io.confluent.kafka.serializers.subject.TopicNameStrategy}) or the enum constant.
   *
   * @param configKey the setting being parsed, named in the error
   */
  public static SubjectNameStrategy parse(String configKey, String value) {
    String text = value == null ? "" : value.trim();
    String shortName =
        text.startsWith(CONFLUENT_PACKAGE) ? text.substring(CONFLUENT_PACKAGE.length()) : text;
    for (SubjectNameStrategy strategy : values()) {
      if (strategy.confluentName.equals(shortName)
          || strategy.name().equals(shortName.toUpperCase(Locale.ROOT))) {
        return strategy;
      }
    }
    throw new ConfigException(
        configKey,
        value,
        "use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (optionally prefixed"
            + " with "
            + CONFLUENT_PACKAGE
            + ")");
  }
}
