package io.gatevault.capture.adapter;

import io.gatevault.capture.application.ChangeLogSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.messaging.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The feed's published changes as the raw changes topic holds them: every partition read from its
 * beginning to the end offset it had when the read began (records are keyed by gateway id, so one
 * partition holds a gateway's changes; reading all keeps this independent of the partitioner), with
 * the project's Confluent-wire Avro deserializer. A sequence published twice (a feed retry after a
 * failed state write) is taken from its last publication, the one the recorded state follows.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} naming the topic (transient).
 */
public class KafkaChangeLog implements ChangeLogSource {

  private final Map<String, Object> clientConfig;
  private final String registryUrl;
  private final String topic;
  private final Duration timeout;
  private final EventMappers mappers = new EventMappers();

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param registryUrl the schema registry the changes were written with
   * @param timeout how long reading the topic to its end may take
   */
  public KafkaChangeLog(
      Map<String, Object> clientConfig, String registryUrl, String topic, Duration timeout) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.registryUrl = registryUrl;
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public List<ConfigChange> changesBetween(
      String gatewayId, long afterSequence, long upToSequence) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "gatevault-capture-recovery-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gatevault-capture-recovery");
    ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
    values.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registryUrl,
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            true),
        false);
    TreeMap<Long, ConfigChange> bySequence = new TreeMap<>();
    try (KafkaConsumer<String, Object> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " to its end took longer than " + timeout);
        }
        for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
          if (!gatewayId.equals(record.key()) || !(record.value() instanceof SpecificRecord avro)) {
            continue;
          }
          GatevaultEvent event = mappers.toDomain(avro);
          if (event instanceof ConfigChange change
              && change.gatewayId().equals(gatewayId)
              && change.sequence() > afterSequence
              && change.sequence() <= upToSequence) {
            bySequence.put(change.sequence(), change);
          }
        }
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (KafkaException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "could not read the changes of gateway "
              + gatewayId
              + " after sequence "
              + afterSequence
              + " from "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
    return new ArrayList<>(bySequence.values());
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, Object> consumer, Map<TopicPartition, Long> end) {
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
