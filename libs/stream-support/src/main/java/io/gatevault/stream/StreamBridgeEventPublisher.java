package io.gatevault.stream;

import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.messaging.mapping.EventMappers;
import java.util.List;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * {@link EventPublisher} over Spring Cloud Stream's {@link StreamBridge}: the domain event becomes
 * its Avro record (natively encoded in the Confluent wire format) and the key goes in the Kafka key
 * header. Producers are synchronous ({@code spring.cloud.stream.kafka.default.producer.sync}).
 * Batches ({@link #publishAll}) go through {@link KafkaEventBatches}: all sent, then one wait.
 */
public class StreamBridgeEventPublisher implements EventPublisher {

  private final StreamBridge streamBridge;
  private final EventMappers mappers;
  private final KafkaEventBatches batches;

  /** Without a batch sender: {@link #publishAll} publishes one event at a time. */
  public StreamBridgeEventPublisher(StreamBridge streamBridge, EventMappers mappers) {
    this(streamBridge, mappers, null);
  }

  public StreamBridgeEventPublisher(
      StreamBridge streamBridge, EventMappers mappers, KafkaEventBatches batches) {
    this.streamBridge = streamBridge;
    this.mappers = mappers;
    this.batches = batches;
  }

  @Override
  public void publishAll(List<Outgoing> batch) {
    if (batches == null) {
      EventPublisher.super.publishAll(batch);
    } else {
      batches.send(batch);
    }
  }

  @Override
  public void publish(String topic, String key, GatevaultEvent event) {
    Object record = mappers.toAvro(event);
    boolean sent =
        streamBridge.send(
            topic, MessageBuilder.withPayload(record).setHeader(KafkaHeaders.KEY, key).build());
    if (!sent) {
      throw new IllegalStateException(
          "Spring Cloud Stream did not accept the "
              + event.getClass().getSimpleName()
              + " "
              + event.envelope().eventId()
              + " for topic "
              + topic
              + "; check the binder's producer settings");
    }
  }
}
