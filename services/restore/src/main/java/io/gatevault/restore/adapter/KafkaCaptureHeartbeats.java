package io.gatevault.restore.adapter;

import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.restore.application.CaptureHeartbeats;
import io.gatevault.stream.CompactedTopic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture's heartbeats from their compacted topic ({@code gatevault.capture.heartbeats}, key
 * gatewayId, value {@link CaptureHeartbeat#toJson()}), read through stream-support's {@link
 * CompactedTopic}: caught up to the end the topic has when a restore asks, keeping each gateway's
 * newest heartbeat. A record that cannot be read is skipped (the previous one still proves what it
 * proves).
 *
 * <p>Kafka failures surface as {@link IllegalStateException} naming the topic; the restore then
 * proves coverage from storage alone.
 */
public class KafkaCaptureHeartbeats implements CaptureHeartbeats, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaCaptureHeartbeats.class);

  private final String topicName;
  private final CompactedTopic topic;
  private final Map<String, CaptureHeartbeat> newest = new HashMap<>();

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long reading the topic to its end may take
   */
  public KafkaCaptureHeartbeats(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topicName = topic;
    this.topic =
        new CompactedTopic(
            clientConfig,
            topic,
            timeout,
            "capture keeps each gateway's heartbeat",
            "the restore proves coverage from storage alone");
  }

  @Override
  public synchronized Optional<CaptureHeartbeat> latestOf(String gatewayId) {
    topic.catchUp(
        (key, value, position) -> {
          try {
            CaptureHeartbeat read = CaptureHeartbeat.fromJson(value, position);
            newest.merge(read.gatewayId(), read, (old, now) -> now.isNewerThan(old) ? now : old);
          } catch (IllegalArgumentException unreadable) {
            log.warn("Capture heartbeat skipped: {}", unreadable.getMessage());
          }
        });
    return Optional.ofNullable(newest.get(gatewayId));
  }

  @Override
  public String describe() {
    return "topic " + topicName;
  }

  @Override
  public void close() {
    topic.close();
  }
}
