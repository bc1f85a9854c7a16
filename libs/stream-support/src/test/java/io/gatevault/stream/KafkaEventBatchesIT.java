package io.gatevault.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ChangeSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.messaging.serde.AvroSerdeConfig;
import io.gatevault.messaging.serde.ConfluentAvroSerializer;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link KafkaEventBatches} on the real (in-JVM KRaft) broker with the embedded registry. */
class KafkaEventBatchesIT {

  private static EmbeddedSchemaRegistry registry;
  private static KafkaEventBatches batches;
  private static TopicProbe probe;

  @BeforeAll
  static void start() {
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    batches =
        new KafkaEventBatches(
            Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ConfluentAvroSerializer.class.getName(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                registryUrl),
            new EventMappers(),
            Duration.ofSeconds(30));
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (batches != null) {
      batches.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aBatchOfTwoGatewaysLandsWholeAndInSequenceOrderPerGateway() {
    String topic = createTopic("batch-order-");
    List<EventPublisher.Outgoing> batch = new ArrayList<>();
    for (long sequence = 1; sequence <= 500; sequence++) {
      batch.add(new EventPublisher.Outgoing(topic, "gw-a", change("gw-a", sequence, 10)));
      batch.add(new EventPublisher.Outgoing(topic, "gw-b", change("gw-b", sequence, 10)));
    }

    batches.send(batch);

    List<ConfigChange> landed =
        probe.awaitEvents(topic, ConfigChange.class, c -> true, 1000, Duration.ofSeconds(30));
    assertThat(landed).hasSize(1000);
    for (String gateway : List.of("gw-a", "gw-b")) {
      assertThat(
              landed.stream()
                  .filter(c -> c.gatewayId().equals(gateway))
                  .map(ConfigChange::sequence))
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(1, 500).boxed().toList());
    }
  }

  @Test
  void aSendRefusedMidBatchFailsTheBatchNamingTheEventAndNothingAfterItIsWritten() {
    String topic = createTopic("batch-refused-");
    List<EventPublisher.Outgoing> batch = new ArrayList<>();
    for (long sequence = 1; sequence <= 5; sequence++) {
      // Sequence 3 is over the producer's 1 MB request limit: refused before it is sent.
      int imageChars = sequence == 3 ? 2 * 1024 * 1024 : 10;
      batch.add(new EventPublisher.Outgoing(topic, "gw", change("gw", sequence, imageChars)));
    }

    assertThatThrownBy(() -> batches.send(batch))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("event-gw-3")
        .hasMessageContaining(topic);

    List<ConfigChange> landed =
        probe.awaitEvents(topic, ConfigChange.class, c -> true, 5, Duration.ofSeconds(5));
    assertThat(landed).extracting(ConfigChange::sequence).containsExactly(1L, 2L);
  }

  /** A fresh topic; the broker creates none on first use. */
  private static String createTopic(String prefix) {
    String topic = prefix + UUID.randomUUID();
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("could not create topic " + topic, e);
    }
    return topic;
  }

  private static ConfigChange change(String gatewayId, long sequence, int imageChars) {
    Instant at = Instant.parse("2026-11-26T12:00:00Z").plusMillis(sequence);
    return new ConfigChange(
        new EventEnvelope(
            "event-" + gatewayId + "-" + sequence,
            EventEnvelope.CURRENT_SCHEMA_VERSION,
            "ConfigChange",
            "capture",
            null,
            null,
            at,
            gatewayId),
        gatewayId,
        sequence,
        ChangeOperation.UPDATE,
        "route",
        "r" + sequence,
        null,
        null,
        "{\"v\":\"" + "x".repeat(imageChars) + "\"}",
        new ChangeSource("http-json-admin-poll", null, null),
        at,
        at.plusMillis(1));
  }
}
