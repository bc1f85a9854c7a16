package io.gatevault.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.testsupport.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values on a compacted topic of a real broker (the in-JVM KRaft broker here): values over 1 MB are
 * written in chunks and read back whole after a restart, never assembled from two generations,
 * older chunks are tombstoned, and values written whole by older versions still read.
 */
class CompactedTopicIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int THREE_MB = 3 * 1024 * 1024;

  private final Map<String, Object> client =
      Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
  private String topic;

  @BeforeEach
  void compactedTopic() {
    topic = SharedKafka.newCompactedTopic("test.compacted", 3);
  }

  @Test
  void aThreeMegabyteValueIsWrittenInChunksAndReadBackWholeAfterARestart() {
    byte[] large = incompressible(THREE_MB, 1);
    try (CompactedTopic before = open()) {
      before.catchUp((key, value, position) -> {});
      before.write("gw", large, "state of gw");
    }

    try (CompactedTopic after = open()) {
      Map<String, byte[]> read = current(after);
      assertThat(read).containsOnlyKeys("gw");
      assertThat(read.get("gw")).isEqualTo(large);
    }
    assertThat(rawRecords())
        .allSatisfy(record -> assertThat(record.serializedValueSize()).isLessThan(1_000_000));
    assertThat(chunkKeysWithValue()).hasSize(6);
  }

  @Test
  void aNewGenerationReplacesTheOldOneAndTombstonesItsChunks() {
    byte[] first = incompressible(THREE_MB, 1);
    byte[] second = incompressible(THREE_MB - 1000, 2);
    try (CompactedTopic topicStore = open()) {
      topicStore.catchUp((key, value, position) -> {});
      topicStore.write("gw", first, "first");
    }
    try (CompactedTopic restarted = open()) {
      assertThat(current(restarted).get("gw")).isEqualTo(first);
      restarted.write("gw", second, "second");
    }

    try (CompactedTopic after = open()) {
      assertThat(current(after).get("gw")).isEqualTo(second);
    }
    // Six chunks per generation; the first generation's six now end in tombstones.
    assertThat(chunkKeysWithValue()).hasSize(6);
    assertThat(latestByKey().entrySet().stream().filter(e -> e.getValue() == null)).hasSize(6);
  }

  @Test
  void aWriterThatCrashedBeforeItsHeadLeavesThePreviousValueAndTheNextWriteCleansUp() {
    byte[] committed = incompressible(THREE_MB, 1);
    try (CompactedTopic store = open()) {
      store.catchUp((key, value, position) -> {});
      store.write("gw", committed, "committed");
    }
    // What a crash between the chunks and the head leaves: chunks of a generation no head names.
    String orphanGeneration = "0rphan";
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int index = 0; index < 3; index++) {
        producer.send(chunk("gw", orphanGeneration, index, incompressible(1000, 9)));
      }
      producer.flush();
    }

    try (CompactedTopic restarted = open()) {
      assertThat(current(restarted).get("gw")).isEqualTo(committed);
      restarted.write("gw", "small again".getBytes(StandardCharsets.UTF_8), "small");
    }

    try (CompactedTopic after = open()) {
      assertThat(new String(current(after).get("gw"), StandardCharsets.UTF_8))
          .isEqualTo("small again");
    }
    assertThat(chunkKeysWithValue()).isEmpty();
  }

  @Test
  void aHeadWhoseChunksDoNotMatchItsChecksumKeepsThePreviousValue() {
    byte[] committed = incompressible(THREE_MB, 1);
    try (CompactedTopic store = open()) {
      store.catchUp((key, value, position) -> {});
      store.write("gw", committed, "committed");
    }
    // A head naming a generation whose chunks hold other bytes than it says (two generations
    // mixed).
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(chunk("gw", "mixed", 0, incompressible(600, 3)));
      producer.send(chunk("gw", "mixed", 1, incompressible(600, 4)));
      producer.flush();
      RecordHeaders headers = new RecordHeaders();
      headers.add(
          CompactedTopic.HEAD_HEADER,
          ("mixed 2 1200 " + "0".repeat(64)).getBytes(StandardCharsets.UTF_8));
      producer.send(new ProducerRecord<>(topic, null, "gw", new byte[0], headers));
      producer.flush();
    }

    try (CompactedTopic after = open()) {
      assertThat(current(after).get("gw")).isEqualTo(committed);
    }
  }

  @Test
  void aValueWrittenWholeByAnOlderVersionIsRead() {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(
          new ProducerRecord<>(
              topic, "gw", "{\"written\":\"whole\"}".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }

    try (CompactedTopic store = open()) {
      assertThat(new String(current(store).get("gw"), StandardCharsets.UTF_8))
          .isEqualTo("{\"written\":\"whole\"}");
      store.write("gw", incompressible(THREE_MB, 5), "large");
    }
    try (CompactedTopic after = open()) {
      assertThat(current(after).get("gw")).isEqualTo(incompressible(THREE_MB, 5));
    }
  }

  @Test
  void aMissingTopicIsNamedWithWhatItKeepsAndTheFix() {
    try (CompactedTopic missing =
        new CompactedTopic(
            client, "no.such.topic." + UUID.randomUUID(), TIMEOUT, "tests keep values", "retry")) {
      assertThatThrownBy(() -> missing.catchUp((key, value, position) -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("does not exist: tests keep values there")
          .hasMessageContaining("topics.sh");
    }
  }

  private CompactedTopic open() {
    return new CompactedTopic(client, topic, TIMEOUT, "tests keep values", "retry");
  }

  private static Map<String, byte[]> current(CompactedTopic store) {
    Map<String, byte[]> values = new HashMap<>();
    store.catchUp((key, value, position) -> values.put(key, value));
    return values;
  }

  private ProducerRecord<String, byte[]> chunk(
      String key, String generation, int index, byte[] bytes) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CompactedTopic.CHUNK_OF_HEADER, key.getBytes(StandardCharsets.UTF_8));
    headers.add(
        CompactedTopic.CHUNK_HEADER, (generation + " " + index).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topic, null, CompactedTopic.chunkKey(key, generation, index), bytes, headers);
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer());
  }

  private List<String> chunkKeysWithValue() {
    return latestByKey().entrySet().stream()
        .filter(e -> e.getKey().contains(CompactedTopic.CHUNK_KEY_MARK) && e.getValue() != null)
        .map(Map.Entry::getKey)
        .toList();
  }

  private Map<String, byte[]> latestByKey() {
    Map<String, byte[]> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : rawRecords()) {
      latest.put(record.key(), record.value());
    }
    return latest;
  }

  private List<ConsumerRecord<String, byte[]>> rawRecords() {
    Map<String, Object> config = new HashMap<>(client);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ReadToEnd.read(consumer, topic, TIMEOUT, records::add);
    }
    return records;
  }

  /** Random bytes, so compression cannot bring them under the record limit. */
  private static byte[] incompressible(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
