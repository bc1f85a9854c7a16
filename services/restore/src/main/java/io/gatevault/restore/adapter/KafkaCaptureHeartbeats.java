package io.gatevault.restore.adapter;

import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.restore.application.CaptureHeartbeats;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Capture's heartbeats from their compacted topic ({@code gatevault.capture.heartbeats}, key
 * gatewayId, value {@link CaptureHeartbeat#toJson()}): every partition read from its beginning to
 * the end offset it had when the read began, keeping the gateway's newest heartbeat. A record that
 * cannot be read is skipped (the previous one still proves what it proves).
 *
 * <p>Kafka failures surface as {@link IllegalStateException} naming the topic; the restore then
 * proves coverage from storage alone.
 */
public class KafkaCaptureHeartbeats implements CaptureHeartbeats {

  private final Map<String, Object> clientConfig;
  private final String topic;
  private final Duration timeout;

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long reading the topic to its end may take
   */
  public KafkaCaptureHeartbeats(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public Optional<CaptureHeartbeat> latestOf(String gatewayId) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "gatevault-restore-heartbeats-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gatevault-restore-heartbeats");
    CaptureHeartbeat newest = null;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      if (partitions.isEmpty()) {
        return Optional.empty();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " to its end took longer than " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (!gatewayId.equals(record.key()) || record.value() == null) {
            continue;
          }
          CaptureHeartbeat read;
          try {
            read =
                CaptureHeartbeat.fromJson(
                    record.value(), topic + "-" + record.partition() + "@" + record.offset());
          } catch (IllegalArgumentException unreadable) {
            continue;
          }
          if (read.gatewayId().equals(gatewayId) && (newest == null || read.isNewerThan(newest))) {
            newest = read;
          }
        }
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "could not read the capture heartbeats of gateway "
              + gatewayId
              + " from "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
    return Optional.ofNullable(newest);
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String describe() {
    return "topic " + topic;
  }
}
