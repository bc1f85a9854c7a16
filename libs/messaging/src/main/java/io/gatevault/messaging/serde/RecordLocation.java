package io.gatevault.messaging.serde;

/**
 * Where a record came from, as far as it is known. A Kafka deserializer only learns the topic; a
 * consumer that holds the whole {@code ConsumerRecord} (a dead-letter handler, a replay tool) also
 * knows partition and offset and can pass them to {@link ConfluentAvroDeserializer#decode}.
 *
 * @param topic the topic, or null when unknown
 * @param partition the partition, or null when unknown
 * @param offset the offset, or null when unknown
 */
public record RecordLocation(String topic, Integer partition, Long offset) {

  public static RecordLocation ofTopic(String topic) {
    return new RecordLocation(topic, null, null);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("topic '").append(topic).append('\'');
    if (partition != null) {
      text.append(" partition ").append(partition);
    }
    if (offset != null) {
      text.append(" offset ").append(offset);
    }
    return text.toString();
  }
}
