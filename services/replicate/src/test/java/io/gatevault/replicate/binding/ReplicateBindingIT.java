package io.gatevault.replicate.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.replicate.ReplicateApplication;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
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

/** The replicate service's binding against a real broker and schema registry. */
class ReplicateBindingIT {

  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext service;
  private static TopicProbe probe;

  @BeforeAll
  static void start() {
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    service =
        ReplicateApplication.builder()
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
    String key = "gateway-" + UUID.randomUUID();
    SealedArtifact event = event(key);
    SealedArtifact later = event(key);
    probe.publish(GatevaultTopics.ARTIFACTS_SEALED, key, event);
    probe.publish(GatevaultTopics.ARTIFACTS_SEALED, key, event);
    // Same key, same partition: once the later event is audited, both copies were handled.
    probe.publish(GatevaultTopics.ARTIFACTS_SEALED, key, later);

    assertThat(auditsCausedBy(later, 1, Duration.ofSeconds(60))).hasSize(1);
    List<AuditRecord> audits = auditsCausedBy(event, 2, Duration.ofSeconds(3));
    assertThat(audits).hasSize(1);
    assertThat(audits.get(0).outcome()).isEqualTo(AuditOutcome.SUCCESS);
    assertThat(audits.get(0).actor()).isEqualTo("replicate");
  }

  private List<AuditRecord> auditsCausedBy(SealedArtifact event, int count, Duration wait) {
    return probe.awaitEvents(
        GatevaultTopics.AUDIT,
        AuditRecord.class,
        audit -> event.envelope().eventId().equals(audit.envelope().causationId()),
        count,
        wait);
  }

  private static SealedArtifact event(String key) {
    byte[] ciphertext = ("sealed-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    return new SealedArtifact(
        envelope(key),
        "artifact-" + UUID.randomUUID(),
        key,
        ArtifactKind.SNAPSHOT,
        0,
        1,
        BinaryContent.copyOf(ciphertext),
        sha256(ciphertext),
        Instant.now());
  }

  private static EventEnvelope envelope(String gatewayId) {
    return new EventEnvelope(
        UUID.randomUUID().toString(),
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        "SealedArtifact",
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
