package io.gatevault.stream;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what a consumer has assigned up to the end offsets those partitions have when the read
 * begins: what was acknowledged before the call is seen, what is written meanwhile may be. Used by
 * the clients that rebuild state from a topic (compacted state, a gateway's change log) rather than
 * follow it as a consumer group.
 */
public final class ReadToEnd {

  private static final Duration POLL = Duration.ofMillis(200);

  private ReadToEnd() {}

  /**
   * @param consumer assigned to every partition to read and positioned where reading starts
   * @param topic named in the error
   * @param timeout how long the whole read may take
   * @param apply called for every record, in partition order
   * @throws TimedOut naming the topic and the timeout when the end is not reached in time
   *     (transient)
   */
  public static <K, V> void read(
      KafkaConsumer<K, V> consumer,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<K, V>> apply) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(consumer, end, timeout)) {
      if (System.nanoTime() > deadline) {
        throw new TimedOut(
            "Could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
      }
      for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
        apply.accept(record);
      }
    }
  }

  /** The end was not reached in time (transient: reading again may reach it). */
  public static final class TimedOut extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message);
    }
  }

  private static boolean reached(
      KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, Duration timeout) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey(), timeout) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }
}
