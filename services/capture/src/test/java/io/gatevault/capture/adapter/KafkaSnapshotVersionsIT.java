package io.gatevault.capture.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.capture.application.GatewayVersionState.Assignment;
import io.gatevault.testsupport.SharedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Backup numbering on a real broker: it survives a restart and is shared between instances. */
class KafkaSnapshotVersionsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private String topic;
  private final Map<String, Object> client =
      Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());

  @BeforeEach
  void compactedTopic() {
    topic = SharedKafka.newCompactedTopic("test.capture.versions", 3);
  }

  @Test
  void numberingContinuesAfterARestart() {
    try (KafkaSnapshotVersions before = new KafkaSnapshotVersions(client, topic, TIMEOUT)) {
      numberAndRecord(before, "caddy-prod", "cmd-1", "a.json");
      numberAndRecord(before, "caddy-prod", "cmd-2", "b.json");
      numberAndRecord(before, "caddy-test", "cmd-3", "c.json");
    }

    try (KafkaSnapshotVersions after = new KafkaSnapshotVersions(client, topic, TIMEOUT)) {
      assertThat(after.load()).isEqualTo(2);
      assertThat(after.assign("caddy-prod", "cmd-4", "d.json").version()).isEqualTo(3);
      assertThat(after.assign("caddy-test", "cmd-5", "e.json").version()).isEqualTo(2);
      assertThat(after.assign("kong-new", "cmd-6", "f.json").version()).isEqualTo(1);
    }
  }

  @Test
  void aRedeliveredCommandGetsItsVersionBackInAnotherInstance() {
    try (KafkaSnapshotVersions first = new KafkaSnapshotVersions(client, topic, TIMEOUT);
        KafkaSnapshotVersions second = new KafkaSnapshotVersions(client, topic, TIMEOUT)) {
      Assignment recorded = numberAndRecord(first, "caddy-prod", "cmd-1", "a.json");

      Assignment redelivered = second.assign("caddy-prod", "cmd-1", "a-later.json");
      Assignment next = second.assign("caddy-prod", "cmd-2", "b.json");

      assertThat(redelivered).isEqualTo(new Assignment(1, "a.json", true));
      assertThat(recorded.version()).isEqualTo(1);
      assertThat(next.version()).isEqualTo(2);
    }
  }

  @Test
  void aMissingTopicIsNamedWithTheFix() {
    try (KafkaSnapshotVersions versions =
        new KafkaSnapshotVersions(client, "no.such.topic." + UUID.randomUUID(), TIMEOUT)) {
      assertThatThrownBy(() -> versions.assign("gw", "cmd", "a.json"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("does not exist")
          .hasMessageContaining("topics.sh");
    }
  }

  private static Assignment numberAndRecord(
      KafkaSnapshotVersions versions, String gatewayId, String commandId, String name) {
    Assignment assignment = versions.assign(gatewayId, commandId, name);
    versions.record(gatewayId, commandId, assignment);
    return assignment;
  }
}
