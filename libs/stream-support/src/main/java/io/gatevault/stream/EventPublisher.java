package io.gatevault.stream;

import io.gatevault.core.event.GatevaultEvent;
import java.util.List;

/**
 * Port through which application services emit domain events. The Kafka adapter ({@link
 * StreamBridgeEventPublisher}) maps them to Avro and sends them synchronously, so a failed send
 * fails the record being handled and the usual retry / dead-letter rules apply.
 */
public interface EventPublisher {

  /**
   * One event of a batch.
   *
   * @param topic where it goes
   * @param key its record key (events with the same topic and key keep their order)
   * @param event the domain event
   */
  record Outgoing(String topic, String key, GatevaultEvent event) {}

  /**
   * Publishes {@code event} to {@code topic} with record key {@code key}.
   *
   * @throws RuntimeException when the event could not be written; never returns without writing
   */
  void publish(String topic, String key, GatevaultEvent event);

  /**
   * Publishes every event of {@code batch} and returns once all of them are written: the Kafka
   * adapter sends them all without waiting, then waits once for every acknowledgement, which costs
   * about one round trip instead of one per event. Events with the same topic and key are written
   * in list order (one partition, idempotent producer: a retried send cannot overtake or duplicate
   * an earlier one).
   *
   * <p>When it throws, each topic and key may have a prefix of its events written, never a later
   * event without the earlier ones: a send that fails at once stops the batch, and the idempotent
   * producer keeps a partition's acknowledged records gap-free. The caller publishes the batch
   * again (same event ids, so consumers drop what they already have). This default publishes the
   * events one by one.
   *
   * @throws RuntimeException when any event could not be written
   */
  default void publishAll(List<Outgoing> batch) {
    for (Outgoing outgoing : batch) {
      publish(outgoing.topic(), outgoing.key(), outgoing.event());
    }
  }
}
