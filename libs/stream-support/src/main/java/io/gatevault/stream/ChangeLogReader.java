package io.gatevault.stream;

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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A gateway's {@link ConfigChange}s as the raw changes topic holds them: every partition read from
 * its beginning to the end offset it had when the read began (records are keyed by gateway id, so
 * one partition holds a gateway's changes; reading all keeps this independent of the partitioner),
 * with the project's Confluent-wire Avro deserializer. Capture re-reads a crashed segment with it,
 * restore the tail not yet sealed.
 *
 * <p>A sequence published twice (a feed retry after a failed state write) is taken from its last
 * publication: the one the feed's recorded state follows.
 */
public final class ChangeLogReader {

  private final Map<String, Object> clientConfig;
  private final String registryUrl;
  private final String topic;
  private final Duration timeout;
  private final String clientId;
  private final EventMappers mappers = new EventMappers();

  /**
   * @param clientConfig bootstrap servers and security settings ({@link KafkaConnection})
   * @param registryUrl the schema registry the changes were written with
   * @param topic the raw changes topic
   * @param timeout how long reading the topic to its end may take
   * @param clientId names the reader in the broker's logs and metrics
   */
  public ChangeLogReader(
      Map<String, Object> clientConfig,
      String registryUrl,
      String topic,
      Duration timeout,
      String clientId) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.registryUrl = registryUrl;
    this.topic = topic;
    this.timeout = timeout;
    this.clientId = clientId;
  }

  /**
   * @return the gateway's changes with {@code afterSequence < sequence <= upToSequence}, ordered by
   *     sequence, one per sequence
   * @throws IllegalStateException naming the gateway, the sequence and the topic when the topic
   *     cannot be read (transient)
   */
  public List<ConfigChange> changesOf(String gatewayId, long afterSequence, long upToSequence) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, clientId + "-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
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
      ReadToEnd.read(
          consumer,
          topic,
          timeout,
          record -> {
            if (!gatewayId.equals(record.key())
                || !(record.value() instanceof SpecificRecord avro)) {
              return;
            }
            GatevaultEvent event = mappers.toDomain(avro);
            if (event instanceof ConfigChange change
                && change.gatewayId().equals(gatewayId)
                && change.sequence() > afterSequence
                && change.sequence() <= upToSequence) {
              bySequence.put(change.sequence(), change);
            }
          });
    } catch (RuntimeException e) {
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

  /** The topic read, for messages ("topic gatevault.changes.raw"). */
  public String describe() {
    return "topic " + topic;
  }
}
