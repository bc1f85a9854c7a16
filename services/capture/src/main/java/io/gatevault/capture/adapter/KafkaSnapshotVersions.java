package io.gatevault.capture.adapter;

import io.gatevault.capture.application.GatewayVersionState;
import io.gatevault.capture.application.SnapshotVersions;
import io.gatevault.stream.GatevaultTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Backup numbering kept on the compacted topic {@value GatevaultTopics#CAPTURE_VERSIONS}: one
 * record per gateway (key gatewayId, value the JSON of its {@link GatewayVersionState}), so the
 * latest state of every gateway survives compaction, restarts and a move to another capture
 * instance.
 *
 * <p>Before every assignment the store reads the topic up to its end, so it sees what another
 * instance (or this one before a restart) recorded; a record is written synchronously (acks=all)
 * before the command counts as handled. The values are capture's private state, not events, hence
 * plain JSON without the schema registry. A value that cannot be read is skipped with a warning
 * (the gateway's numbering then restarts from what the next readable record says).
 *
 * <p>Kafka failures surface as {@link IllegalStateException} with the cause, which the consumer
 * treats as transient and retries.
 */
public class KafkaSnapshotVersions implements SnapshotVersions, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaSnapshotVersions.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String topic;
  private final Duration timeout;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, GatewayVersionState> states = new HashMap<>();
  private List<TopicPartition> partitions;

  /**
   * @param clientConfig bootstrap servers and security settings (stream-support's KafkaConnection)
   * @param timeout how long reading to the end or writing a record may take
   */
  public KafkaSnapshotVersions(Map<String, Object> clientConfig, String topic, Duration timeout) {
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
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
  }

  /** Reads every gateway's numbering from the topic; called at start, and implied later. */
  public synchronized int load() {
    catchUp();
    log.info("Read backup numbering of {} gateway(s) from {}", states.size(), topic);
    return states.size();
  }

  @Override
  public synchronized GatewayVersionState.Assignment assign(
      String gatewayId, String commandId, String proposedName) {
    catchUp();
    return stateOf(gatewayId).assign(commandId, proposedName);
  }

  @Override
  public synchronized void record(
      String gatewayId, String commandId, GatewayVersionState.Assignment assignment) {
    catchUp();
    GatewayVersionState next = stateOf(gatewayId).withRecorded(commandId, assignment);
    try {
      producer
          .send(new ProducerRecord<>(topic, gatewayId, JSON.writeValueAsBytes(next)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while recording backup version", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "Could not record version "
              + assignment.version()
              + " of gateway "
              + gatewayId
              + " on "
              + topic
              + " within "
              + timeout.toSeconds()
              + " s: "
              + e.getMessage()
              + ". The command is retried; check the broker is reachable",
          e);
    }
    states.put(gatewayId, next);
  }

  private GatewayVersionState stateOf(String gatewayId) {
    return states.getOrDefault(gatewayId, GatewayVersionState.initial(gatewayId));
  }

  private void catchUp() {
    try {
      if (partitions == null) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException(
              "Topic "
                  + topic
                  + " does not exist: capture keeps backup numbers there. Let the services"
                  + " provision topics, or create it as infra/kafka/topics.sh does");
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
              "Could not read "
                  + topic
                  + " to its end within "
                  + timeout.toSeconds()
                  + " s; the command is retried");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
      }
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "Could not read backup numbering from " + topic + ": " + e.getMessage(), e);
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
    try {
      GatewayVersionState state = JSON.readValue(record.value(), GatewayVersionState.class);
      GatewayVersionState known = states.get(record.key());
      // Keep the highest numbering seen: a stale write (e.g. during a rebalance) never lowers it.
      if (known == null || state.lastVersion() >= known.lastVersion()) {
        states.put(record.key(), state);
      }
    } catch (JacksonException | IllegalArgumentException e) {
      log.warn(
          "Skipped unreadable backup numbering for gateway {} at {}-{}@{}: {}",
          record.key(),
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
