package io.gatevault.stream.testing;

import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.messaging.serde.ConfluentAvroDeserializer;
import io.gatevault.messaging.serde.ConfluentAvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes and reads topics of a real broker the way an outside client would: events through the
 * Confluent-wire serde, garbage as raw bytes, and reads from the beginning of every partition.
 */
public final class TopicProbe implements AutoCloseable {

  private final String bootstrapServers;
  private final String registryUrl;
  private final EventMappers mappers = new EventMappers();
  private final KafkaProducer<String, Object> eventProducer;
  private final KafkaProducer<String, byte[]> rawProducer;

  public TopicProbe(String bootstrapServers, String registryUrl) {
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
    this.eventProducer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl),
            new StringSerializer(),
            serializer(registryUrl));
    this.rawProducer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  private static ConfluentAvroSerializer serializer(String registryUrl) {
    ConfluentAvroSerializer serializer = new ConfluentAvroSerializer();
    serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
    return serializer;
  }

  /** Publishes a domain event as its Avro record; returns where it landed. */
  public RecordMetadata publish(String topic, String key, GatevaultEvent event) {
    return send(eventProducer, new ProducerRecord<>(topic, key, mappers.toAvro(event)));
  }

  /** Publishes bytes as they are. */
  public RecordMetadata publishRaw(String topic, String key, byte[] value) {
    return send(rawProducer, new ProducerRecord<>(topic, key, value));
  }

  private static <V> RecordMetadata send(
      KafkaProducer<String, V> producer, ProducerRecord<String, V> record) {
    try {
      return producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("Could not publish to " + record.topic(), e);
    }
  }

  /** Domain events on {@code topic} that match, once {@code count} were seen or time ran out. */
  public <E extends GatevaultEvent> List<E> awaitEvents(
      String topic, Class<E> type, Predicate<E> match, int count, Duration timeout) {
    List<E> events = new ArrayList<>();
    awaitRecords(
        topic,
        avroDeserializer(),
        record -> {
          if (record.value() instanceof SpecificRecord avro) {
            GatevaultEvent event = mappers.toDomain(avro);
            if (type.isInstance(event) && match.test(type.cast(event))) {
              events.add(type.cast(event));
              return true;
            }
          }
          return false;
        },
        count,
        timeout);
    return events;
  }

  /** Raw records on {@code topic} that match, once {@code count} were seen or time ran out. */
  public List<ConsumerRecord<String, byte[]>> awaitRaw(
      String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
    return awaitRecords(topic, new ByteArrayDeserializer(), match, count, timeout);
  }

  private Deserializer<Object> avroDeserializer() {
    ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();
    deserializer.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registryUrl,
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            true),
        false);
    return deserializer;
  }

  private <V> List<ConsumerRecord<String, V>> awaitRecords(
      String topic,
      Deserializer<V> valueDeserializer,
      Predicate<ConsumerRecord<String, V>> match,
      int count,
      Duration timeout) {
    List<ConsumerRecord<String, V>> matched = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            valueDeserializer)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> partitions = List.of();
      while (partitions.isEmpty() && System.nanoTime() < deadline) {
        partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (matched.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
          if (match.test(record)) {
            matched.add(record);
          }
        }
      }
    }
    return matched;
  }

  @Override
  public void close() {
    eventProducer.close();
    rawProducer.close();
  }
}
