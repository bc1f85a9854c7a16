package io.gatevault.capture.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.capture.application.ChangeFeedState;
import io.gatevault.testsupport.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed's sequence on a real broker: it survives a restart and never goes back, and a
 * configuration over Kafka's 1 MB record limit is kept whole (in chunks).
 */
class KafkaChangeFeedStoreIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private String topic;
  private final Map<String, Object> client =
      Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());

  @BeforeEach
  void compactedTopic() {
    topic = SharedKafka.newCompactedTopic("test.capture.changes", 3);
  }

  @Test
  void theLastSequenceAndStateSurviveARestart() {
    try (KafkaChangeFeedStore before = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(before.find("caddy-prod")).isEmpty();
      before.record(state("caddy-prod", 3, "{\"a\":1}"));
      before.record(state("caddy-prod", 5, "{\"a\":2}"));
      before.record(state("caddy-test", 1, "{\"b\":1}"));
    }

    try (KafkaChangeFeedStore after = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(after.find("caddy-prod")).contains(state("caddy-prod", 5, "{\"a\":2}"));
      assertThat(after.find("caddy-test").map(ChangeFeedState::lastSequence)).contains(1L);
      assertThat(after.find("kong-new")).isEmpty();
    }
  }

  @Test
  void aStaleWriteNeverLowersTheSequence() {
    try (KafkaChangeFeedStore first = new KafkaChangeFeedStore(client, topic, TIMEOUT);
        KafkaChangeFeedStore second = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      first.record(state("gw", 9, "{\"n\":9}"));
      second.record(state("gw", 4, "{\"n\":4}"));
    }

    try (KafkaChangeFeedStore after = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(after.find("gw").map(ChangeFeedState::lastSequence)).contains(9L);
    }
  }

  @Test
  void theSealedMarkSurvivesARestartNeverGoesBackAndLeavesTheFeedStateAlone() {
    try (KafkaChangeFeedStore before = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(before.sealedUpTo("gw")).isEmpty();
      before.record(state("gw", 12, "{\"n\":12}"));
      before.recordSealed("gw", 0);
      before.recordSealed("gw", 10);
      before.recordSealed("gw", 7);
    }

    try (KafkaChangeFeedStore after = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(after.sealedUpTo("gw")).hasValue(10);
      assertThat(after.find("gw").map(ChangeFeedState::lastSequence)).contains(12L);
      assertThat(after.sealedUpTo("other")).isEmpty();
      assertThat(after.find("sealed-segments/gw")).isEmpty();
    }
  }

  @Test
  void aThreeMegabyteConfigurationSurvivesARestartWhole() {
    ChangeFeedState large = state("caddy-big", 41, largeDocument(3 * 1024 * 1024, 1));
    ChangeFeedState larger = state("caddy-big", 42, largeDocument(3 * 1024 * 1024 + 7, 2));
    try (KafkaChangeFeedStore before = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(before.find("caddy-big")).isEmpty();
      before.record(large);
      before.recordSealed("caddy-big", 40);
    }

    try (KafkaChangeFeedStore restarted = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(restarted.find("caddy-big")).contains(large);
      assertThat(restarted.sealedUpTo("caddy-big")).hasValue(40);
      restarted.record(larger);
    }

    try (KafkaChangeFeedStore after = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(after.find("caddy-big")).contains(larger);
      after.record(state("caddy-big", 43, "{\"small\":\"again\"}"));
    }

    try (KafkaChangeFeedStore after = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(after.find("caddy-big").map(ChangeFeedState::document))
          .contains("{\"small\":\"again\"}");
    }
  }

  @Test
  void aStateWrittenWholeByTheVersionBeforeChunkingIsRead() throws Exception {
    ChangeFeedState written = state("caddy-prod", 7, "{\"a\":7}");
    try (KafkaProducer<String, byte[]> older =
        new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
      older
          .send(
              new ProducerRecord<>(
                  topic, "caddy-prod", JsonMapper.builder().build().writeValueAsBytes(written)))
          .get();
    }

    try (KafkaChangeFeedStore store = new KafkaChangeFeedStore(client, topic, TIMEOUT)) {
      assertThat(store.find("caddy-prod")).contains(written);
    }
  }

  /** A JSON document of random text, so compression cannot bring it under the record limit. */
  private static String largeDocument(int length, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(length);
    text.append("{\"routes\":\"");
    while (text.length() < length - 2) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.append("\"}").toString();
  }

  @Test
  void aMissingTopicIsNamedWithTheFix() {
    try (KafkaChangeFeedStore store =
        new KafkaChangeFeedStore(client, "no.such.topic." + UUID.randomUUID(), TIMEOUT)) {
      assertThatThrownBy(() -> store.find("gw"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("does not exist")
          .hasMessageContaining("topics.sh");
    }
  }

  private static ChangeFeedState state(String gatewayId, long sequence, String document) {
    return new ChangeFeedState(
        gatewayId,
        sequence,
        "a".repeat(64),
        document,
        Instant.parse("2026-11-26T12:00:00Z").plusSeconds(sequence));
  }
}
