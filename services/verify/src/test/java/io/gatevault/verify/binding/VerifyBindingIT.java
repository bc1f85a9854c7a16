package io.gatevault.verify.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
import io.gatevault.verify.VerifyApplication;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The verify service's binding against a real broker and schema registry. */
class VerifyBindingIT {

  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext service;
  private static TopicProbe probe;

  @BeforeAll
  static void start() {
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    service =
        VerifyApplication.builder()
            .run(
                "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
                "--gatevault.registry.url=" + registryUrl);
    probe = new TopicProbe(SharedKafka.bootstrapServers(), registryUrl);
  }

  @AfterAll
  static void stop() {
    if (probe != null) {
      probe.close();
    }
    if (service != null) {
      service.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void receivedEventIsAuditedOnceEvenWhenDeliveredTwice() {
    String key = "artifact-" + UUID.randomUUID();
    ReplicaWritten event = event(key);
    ReplicaWritten later = event(key);
    probe.publish(GatevaultTopics.REPLICAS, key, event);
    probe.publish(GatevaultTopics.REPLICAS, key, event);
    // Same key, same partition: once the later event is audited, both copies were handled.
    probe.publish(GatevaultTopics.REPLICAS, key, later);

    assertThat(auditsCausedBy(later, 1, Duration.ofSeconds(60))).hasSize(1);
    List<AuditRecord> audits = auditsCausedBy(event, 2, Duration.ofSeconds(3));
    assertThat(audits).hasSize(1);
    assertThat(audits.get(0).outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(audits.get(0).actor()).isEqualTo("verify");
  }

  private List<AuditRecord> auditsCausedBy(ReplicaWritten event, int count, Duration wait) {
    return probe.awaitEvents(
        GatevaultTopics.AUDIT,
        AuditRecord.class,
        audit -> event.envelope().eventId().equals(audit.envelope().causationId()),
        count,
        wait);
  }

  private static ReplicaWritten event(String key) {
    return new ReplicaWritten(
        envelope(null),
        key,
        "fs-primary",
        StorageMedium.FILESYSTEM,
        "eu-central-1",
        false,
        false,
        "file:///backups/v1/test/" + key,
        sha256(key.getBytes(StandardCharsets.UTF_8)),
        42,
        Instant.now());
  }

  private static EventEnvelope envelope(String gatewayId) {
    return new EventEnvelope(
        UUID.randomUUID().toString(),
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        "ReplicaWritten",
        "test",
        null,
        null,
        Instant.now(),
        gatewayId);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
