package io.gatevault.restore.adapter;

import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.pitr.LoggedChange;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.messaging.serde.ConfluentAvroDeserializer;
import io.gatevault.restore.application.ChangeTail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The tail of a gateway's change log from the raw changes topic: every partition read from its
 * beginning to the end offset it had when the read began (records are keyed by gateway id, so one
 * partition holds a gateway's changes; reading all keeps this independent of the partitioner),
 * keeping the gateway's {@link ConfigChange}s above a sequence. Records beyond retention are gone:
 * the sealed segments in storage cover them, and a hole neither covers is reported by replay.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} naming the topic (transient: run the
 * restore again, or restore with {@code --from <target>} from storage alone).
 */
public class KafkaChangeTail implements ChangeTail {

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
  public KafkaChangeTail(
      Map<String, Object> clientConfig, String registryUrl, String topic, Duration timeout) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.registryUrl = registryUrl;
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public List<LoggedChange> changesAfter(String gatewayId, long afterSequence) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "gatevault-restore-tail-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gatevault-restore-tail");
    ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
    values.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registryUrl,
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            true),
        false);
    TreeMap<Long, LoggedChange> bySequence = new TreeMap<>();
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
              && change.sequence() > afterSequence) {
            // A change published twice (a capture retry) carries the same sequence and event.
            bySequence.putIfAbsent(change.sequence(), LoggedChange.of(change));
          }
        }
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "could not read the change log tail of gateway "
              + gatewayId
              + " from "
              + topic
              + ": "
              + e.getMessage()
              + " (restore with --from <target> to work from storage alone)",
          e);
    }
    List<LoggedChange> changes = new ArrayList<>(bySequence.values());
    changes.sort(Comparator.comparingLong(LoggedChange::sequence));
    return changes;
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
