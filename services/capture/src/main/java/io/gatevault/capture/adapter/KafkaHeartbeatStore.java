package io.gatevault.capture.adapter;

import io.gatevault.capture.application.HeartbeatStore;
import io.gatevault.core.changes.CaptureHeartbeat;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Capture's heartbeats on their compacted topic ({@code gatevault.capture.heartbeats}): one record
 * per gateway kept (key gatewayId, value {@link CaptureHeartbeat#toJson()}), written with acks=all
 * and waited for, so a heartbeat restore reads is one the broker holds.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} with the cause (transient: the next
 * poll writes again).
 */
public class KafkaHeartbeatStore implements HeartbeatStore, AutoCloseable {

  private final String topic;
  private final Duration timeout;
  private final KafkaProducer<String, byte[]> producer;

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long writing a heartbeat may take
   */
  public KafkaHeartbeatStore(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topic = topic;
    this.timeout = timeout;
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "gatevault-capture-heartbeats");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000));
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 1000));
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void record(CaptureHeartbeat heartbeat) {
    try {
      producer
          .send(new ProducerRecord<>(topic, heartbeat.gatewayId(), heartbeat.toJson()))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing a heartbeat to " + topic, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "could not write the heartbeat of gateway "
              + heartbeat.gatewayId()
              + " to "
              + topic
              + " within "
              + timeout
              + ": "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()),
          e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
