package io.gatevault.restore.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ChangeSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.pitr.LoggedChange;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.Envelopes;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The change log's tail read from a real broker: ConfigChange events in the Confluent wire format
 * with a real schema registry, on a three-partition topic keyed by gateway.
 */
class KafkaChangeTailIT {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static EmbeddedSchemaRegistry registry;
  private static String registryUrl;
  private static TopicProbe probe;
  private final Envelopes envelopes = new Envelopes("capture", Clock.systemUTC());

  @BeforeAll
  static void brokerAndRegistry() {
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    registryUrl = registry.start();
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
  }

  @AfterAll
  static void close() throws Exception {
    probe.close();
    registry.close();
  }

  private static String newTopic() throws Exception {
    String topic = "changes-raw-" + UUID.randomUUID();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    return topic;
  }

  private ConfigChange change(String gatewayId, long sequence, ChangeOperation op) {
    ConfigEntity route =
        new ConfigEntity("route", "r1", "r1", List.of(), null, "{\"seq\":" + sequence + "}");
    return new ConfigChange(
        envelopes.derived("ConfigChange", null, gatewayId, Long.toString(sequence)),
        gatewayId,
        sequence,
        op,
        "route",
        "r1",
        "r1",
        null,
        op == ChangeOperation.DELETE ? null : EntityImage.encode(route),
        new ChangeSource("poll-diff", null, null),
        T0.plusSeconds(sequence),
        T0.plusSeconds(sequence).plusMillis(200));
  }

  private KafkaChangeTail tail(String topic, String bootstrapServers) {
    return tail(topic, bootstrapServers, Duration.ofSeconds(20));
  }

  private KafkaChangeTail tail(String topic, String bootstrapServers, Duration timeout) {
    return new KafkaChangeTail(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        registryUrl,
        topic,
        timeout);
  }

  @Test
  void theGatewaysChangesAboveTheSequenceComeInSequenceOrderOnceEachOtherGatewaysLeftOut()
      throws Exception {
    String topic = newTopic();
    for (long sequence = 1; sequence <= 5; sequence++) {
      probe.publish(topic, "caddy-prod", change("caddy-prod", sequence, ChangeOperation.UPDATE));
      probe.publish(topic, "scg-prod", change("scg-prod", sequence, ChangeOperation.UPDATE));
    }
    // A capture retry publishes a sequence again with the same event.
    probe.publish(topic, "caddy-prod", change("caddy-prod", 4, ChangeOperation.UPDATE));
    probe.publish(topic, "caddy-prod", change("caddy-prod", 6, ChangeOperation.DELETE));

    List<LoggedChange> read =
        tail(topic, SharedKafka.bootstrapServers()).changesAfter("caddy-prod", 2);

    assertThat(read).extracting(LoggedChange::sequence).containsExactly(3L, 4L, 5L, 6L);
    assertThat(read.get(0))
        .isEqualTo(LoggedChange.of(change("caddy-prod", 3, ChangeOperation.UPDATE)));
    assertThat(read.get(3).op()).isEqualTo(ChangeOperation.DELETE);
    assertThat(read.get(3).after()).isNull();
  }

  @Test
  void anEmptyTopicIsAnEmptyTail() throws Exception {
    String topic = newTopic();

    assertThat(tail(topic, SharedKafka.bootstrapServers()).changesAfter("caddy-prod", 0)).isEmpty();
    assertThat(tail(topic, SharedKafka.bootstrapServers()).describe()).isEqualTo("topic " + topic);
  }

  @Test
  void anUnreachableBrokerIsReportedNamingTheTopicAndTheOfflineWay() {
    KafkaChangeTail unreachable =
        tail("gatevault.changes.raw", "127.0.0.1:1", Duration.ofSeconds(3));

    assertThatThrownBy(() -> unreachable.changesAfter("caddy-prod", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gatevault.changes.raw")
        .hasMessageContaining("--from <target>");
  }
}
