package io.gatevault.capture.adapter;

import io.gatevault.capture.application.ChangeFeedState;
import io.gatevault.capture.application.ChangeFeedStore;
import io.gatevault.capture.application.SealedSequences;
import io.gatevault.stream.GatevaultTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed's state on the compacted topic {@value GatevaultTopics#CAPTURE_CHANGES}: one
 * record per gateway (key gatewayId, value the JSON of its {@link ChangeFeedState}, compressed),
 * written synchronously (acks=all) before a poll counts as done. A gateway's state is read from the
 * topic to its end the first time it is asked for, so a restarted capture (or another instance)
 * continues the sequence. The highest sequence seen wins: a stale write never lowers it.
 *
 * <p>The same topic holds each gateway's sealed mark ({@link SealedSequences}): key {@value
 * #SEALED_KEY_PREFIX}{@code <gatewayId>}, value the sequence as decimal text. Gateway ids never
 * contain {@code /}, so the two kinds of record never share a key.
 *
 * <p>Kafka failures surface as {@link IllegalStateException} with the cause (transient: the next
 * poll retries).
 */
public class KafkaChangeFeedStore implements ChangeFeedStore, SealedSequences, AutoCloseable {

  /** Key prefix of a gateway's sealed mark on the topic. */
  public static final String SEALED_KEY_PREFIX = "sealed-segments/";

  private static final Logger log = LoggerFactory.getLogger(KafkaChangeFeedStore.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String topic;
  private final Duration timeout;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, ChangeFeedState> states = new HashMap<>();
  private final Map<String, Long> sealedMarks = new HashMap<>();
  private List<TopicPartition> partitions;

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long reading to the end or writing a record may take
   */
  public KafkaChangeFeedStore(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.topic = topic;
    this.timeout = timeout;
    Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A missing topic must not be auto-created with the broker's defaults (it must be compacted).
    consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    // The state holds a whole configuration: compressed, it stays far below the 1 MB record limit
    // for typical gateways.
    producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public synchronized Optional<ChangeFeedState> find(String gatewayId) {
    catchUp();
    return Optional.ofNullable(states.get(gatewayId));
  }

  @Override
  public synchronized OptionalLong sealedUpTo(String gatewayId) {
    catchUp();
    Long mark = sealedMarks.get(gatewayId);
    return mark == null ? OptionalLong.empty() : OptionalLong.of(mark);
  }

  @Override
  public synchronized void recordSealed(String gatewayId, long sequence) {
    write(
        SEALED_KEY_PREFIX + gatewayId,
        Long.toString(sequence).getBytes(StandardCharsets.UTF_8),
        "sealed mark " + sequence,
        gatewayId);
    sealedMarks.merge(gatewayId, sequence, Math::max);
  }

  @Override
  public synchronized void record(ChangeFeedState state) {
    write(
        state.gatewayId(),
        JSON.writeValueAsBytes(state),
        "change sequence " + state.lastSequence(),
        state.gatewayId());
    keepHighest(state.gatewayId(), state);
  }

  private void write(String key, byte[] value, String what, String gatewayId) {
    try {
      producer
          .send(new ProducerRecord<>(topic, key, value))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while recording the change feed state", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "Could not record "
              + what
              + " of gateway "
              + gatewayId
              + " on "
              + topic
              + " within "
              + timeout.toSeconds()
              + " s: "
              + e.getMessage()
              + ". The next poll retries; check the broker is reachable",
          e);
    }
  }

  private void catchUp() {
    try {
      if (partitions == null) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException(
              "Topic "
                  + topic
                  + " does not exist: capture keeps the change feed's sequence there. Let the"
                  + " services provision topics, or create it as infra/kafka/topics.sh does");
        }
        partitions =
            infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
      }
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "Could not read the change feed state from " + topic + ": " + e.getMessage(), e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey(), timeout) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    if (record.key().startsWith(SEALED_KEY_PREFIX)) {
      applySealedMark(record);
      return;
    }
    try {
      keepHighest(record.key(), JSON.readValue(record.value(), ChangeFeedState.class));
    } catch (JacksonException | IllegalArgumentException e) {
      log.warn(
          "Skipped unreadable change feed state of gateway {} at {}-{}@{}: {}",
          record.key(),
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  private void applySealedMark(ConsumerRecord<String, byte[]> record) {
    String gatewayId = record.key().substring(SEALED_KEY_PREFIX.length());
    try {
      long mark = Long.parseLong(new String(record.value(), StandardCharsets.UTF_8).trim());
      sealedMarks.merge(gatewayId, mark, Math::max);
    } catch (NumberFormatException e) {
      log.warn(
          "Skipped unreadable sealed mark of gateway {} at {}-{}@{}: {}",
          gatewayId,
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  private void keepHighest(String gatewayId, ChangeFeedState state) {
    ChangeFeedState known = states.get(gatewayId);
    if (known == null || state.lastSequence() >= known.lastSequence()) {
      states.put(gatewayId, state);
    }
  }

  @Override
  public synchronized void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
