package io.gatevault.capture.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.capture.application.ChangeFeedState;
import io.gatevault.testsupport.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The change feed's sequence on a real broker: it survives a restart and never goes back. */
class KafkaChangeFeedStoreIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private String topic;
  private final Map<String, Object> client =
      Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());

  @BeforeEach
  void compactedTopic() throws Exception {
    topic = "test.capture.changes." + UUID.randomUUID();
    try (Admin admin = Admin.create(client)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get();
    }
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
