package io.gatevault.stream;

import io.gatevault.core.event.GatevaultEvent;

/**
 * Port through which application services emit domain events. The Kafka adapter ({@link
 * StreamBridgeEventPublisher}) maps them to Avro and sends them synchronously, so a failed send
 * fails the record being handled and the usual retry / dead-letter rules apply.
 */
public interface EventPublisher {

  /**
   * Publishes {@code event} to {@code topic} with record key {@code key}.
   *
   * @throws RuntimeException when the event could not be written; never returns without writing
   */
  void publish(String topic, String key, GatevaultEvent event);
}
