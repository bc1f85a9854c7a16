package io.gatevault.capture.adapter;

import io.gatevault.capture.application.HeartbeatStore;
import io.gatevault.core.changes.CaptureHeartbeat;
import io.gatevault.stream.CompactedTopic;
import java.time.Duration;
import java.util.Map;

/**
 * Capture's heartbeats on their compacted topic ({@code gatevault.capture.heartbeats}): one record
 * per gateway kept (key gatewayId, value {@link CaptureHeartbeat#toJson()}), written through
 * stream-support's {@link CompactedTopic} (acks=all, waited for), so a heartbeat restore reads is
 * one the broker holds.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} with the cause (transient: the next
 * poll writes again).
 */
public class KafkaHeartbeatStore implements HeartbeatStore, AutoCloseable {

  private final CompactedTopic topic;

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long writing a heartbeat may take
   */
  public KafkaHeartbeatStore(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topic =
        new CompactedTopic(
            clientConfig,
            topic,
            timeout,
            "capture keeps each gateway's heartbeat",
            "the next poll writes it again");
  }

  @Override
  public void record(CaptureHeartbeat heartbeat) {
    topic.write(
        heartbeat.gatewayId(),
        heartbeat.toJson(),
        "heartbeat of gateway "
            + heartbeat.gatewayId()
            + " (sequence "
            + heartbeat.lastSequence()
            + ")");
  }

  @Override
  public void close() {
    topic.close();
  }
}
