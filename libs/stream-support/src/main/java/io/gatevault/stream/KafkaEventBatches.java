package io.gatevault.stream;

import io.gatevault.messaging.mapping.EventMappers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Sends a batch of domain events with one producer and waits once for all acknowledgements ({@link
 * EventPublisher#publishAll}). Producers are created on first use with the binder's own client
 * settings (brokers, security, TLS, serializers, registry), a topic's own binding settings over
 * them where it has some (as the binder does), plus {@code acks=all} and idempotence, which keep
 * each partition's records in send order without duplicates across retries.
 *
 * <p>A send that fails at once (a record the producer refuses before sending it) stops the batch:
 * later events are not sent, the ones already sent are waited for, then the failure is thrown.
 */
public class KafkaEventBatches implements AutoCloseable {

  private final Map<String, Object> producerConfig;
  private final Map<String, Map<String, Object>> topicConfig;
  private final EventMappers mappers;
  private final Duration ackTimeout;
  // One producer per distinct configuration: the default, and one per topic with its own
  // settings (a topic carrying two record types names its subjects per record type).
  private final Map<Map<String, Object>, KafkaProducer<String, Object>> producers =
      new ConcurrentHashMap<>();

  /**
   * @param producerConfig the binder's client and producer properties
   * @param ackTimeout the longest a batch waits for its acknowledgements
   */
  public KafkaEventBatches(
      Map<String, Object> producerConfig, EventMappers mappers, Duration ackTimeout) {
    this(producerConfig, Map.of(), mappers, ackTimeout);
  }

  /**
   * @param topicConfig per topic, settings that override {@code producerConfig} for it (the
   *     binder's {@code spring.cloud.stream.kafka.bindings.<topic>.producer.configuration})
   */
  public KafkaEventBatches(
      Map<String, Object> producerConfig,
      Map<String, Map<String, Object>> topicConfig,
      EventMappers mappers,
      Duration ackTimeout) {
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Sends of one batch leave together; a lone event waits at most this long for company.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "gatevault-event-batches");
    this.producerConfig = Map.copyOf(config);
    Map<String, Map<String, Object>> perTopic = new HashMap<>();
    topicConfig.forEach(
        (topic, overrides) -> {
          if (!overrides.isEmpty()) {
            Map<String, Object> merged = new HashMap<>(this.producerConfig);
            merged.putAll(overrides);
            merged.put(ProducerConfig.ACKS_CONFIG, "all");
            merged.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            merged.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                this.producerConfig.get(ProducerConfig.CLIENT_ID_CONFIG) + "-" + topic);
            perTopic.put(topic, Map.copyOf(merged));
          }
        });
    this.topicConfig = Map.copyOf(perTopic);
    this.mappers = mappers;
    this.ackTimeout = ackTimeout;
  }

  /** Sends every event, then waits for all acknowledgements; see {@link EventPublisher}. */
  public void send(List<EventPublisher.Outgoing> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Set<KafkaProducer<String, Object>> used = new LinkedHashSet<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    RuntimeException refused = null;
    EventPublisher.Outgoing refusedEvent = null;
    for (EventPublisher.Outgoing outgoing : batch) {
      Future<RecordMetadata> ack;
      try {
        KafkaProducer<String, Object> sender = producerFor(outgoing.topic());
        used.add(sender);
        ack =
            sender.send(
                new ProducerRecord<>(
                    outgoing.topic(), outgoing.key(), mappers.toAvro(outgoing.event())));
      } catch (RuntimeException e) {
        refused = e;
        refusedEvent = outgoing;
        break;
      }
      acks.add(ack);
      if (ack.isDone() && failed(ack)) {
        // Refused before it was sent (too large, say): nothing later may overtake it.
        break;
      }
    }
    used.forEach(KafkaProducer::flush);
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    for (int index = 0; index < acks.size(); index++) {
      EventPublisher.Outgoing outgoing = batch.get(index);
      try {
        acks.get(index).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("Interrupted while waiting for " + describe(outgoing), e);
      } catch (ExecutionException e) {
        throw new KafkaException(
            "Kafka did not take "
                + describe(outgoing)
                + " ("
                + (index + 1)
                + " of a batch of "
                + batch.size()
                + "): "
                + e.getCause().getMessage()
                + "; the batch is to be published again",
            e.getCause());
      } catch (TimeoutException e) {
        throw new KafkaException(
            "No acknowledgement for "
                + describe(outgoing)
                + " within "
                + ackTimeout
                + "; check that Kafka is reachable. The batch is to be published again",
            e);
      }
    }
    if (refused != null) {
      throw new KafkaException(
          "Could not send "
              + describe(refusedEvent)
              + ": "
              + refused.getMessage()
              + "; the events before it in the batch were written",
          refused);
    }
  }

  private static boolean failed(Future<RecordMetadata> ack) {
    try {
      ack.get();
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static String describe(EventPublisher.Outgoing outgoing) {
    return "the "
        + outgoing.event().getClass().getSimpleName()
        + " "
        + outgoing.event().envelope().eventId()
        + " for topic "
        + outgoing.topic();
  }

  private KafkaProducer<String, Object> producerFor(String topic) {
    Map<String, Object> config = topicConfig.getOrDefault(topic, producerConfig);
    return producers.computeIfAbsent(
        config, settings -> new KafkaProducer<>(new HashMap<>(settings)));
  }

  @Override
  public void close() {
    producers.values().forEach(producer -> producer.close(Duration.ofSeconds(5)));
    producers.clear();
  }
}
