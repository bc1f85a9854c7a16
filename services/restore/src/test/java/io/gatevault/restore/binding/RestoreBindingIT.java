package io.gatevault.restore.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.registry.EmbeddedSchemaRegistry;
import io.gatevault.restore.RestoreApplication;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import io.gatevault.testsupport.SharedKafka;
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

/** The restore service's binding against a real broker and schema registry. */
class RestoreBindingIT {

  private static EmbeddedSchemaRegistry registry;
  private static ConfigurableApplicationContext service;
  private static TopicProbe probe;

  @BeforeAll
  static void start() {
    registry =
        EmbeddedSchemaRegistry.builder().bootstrapServers(SharedKafka.bootstrapServers()).build();
    String registryUrl = registry.start();
    service =
        RestoreApplication.builder()
            .run(
                "--spring.cloud.stream.kafka.binder.brokers=" + SharedKafka.bootstrapServers(),
                "--gatevault.registry.url=" + registryUrl,
                "--gatevault.restore.gateways[0].id=caddy-prod",
                "--gatevault.restore.gateways[0].type=caddy",
                "--gatevault.restore.gateways[0].admin-url=http://127.0.0.1:2019",
                "--gatevault.restore.gateways[0].environment=prod",
                "--gatevault.restore.gateways[0].application=shop",
                "--gatevault.restore.gateways[0].owner=ops");
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
  void restoreIsRunOnceEvenWhenDeliveredTwiceAndEachStepIsAudited() {
    String key = "gateway-" + UUID.randomUUID();
    RestoreRequested event = event(key);
    RestoreRequested later = event(key);
    probe.publish(GatevaultTopics.COMMANDS, key, event);
    probe.publish(GatevaultTopics.COMMANDS, key, event);
    // Same key, same partition: once the later event is audited, both copies were handled.
    probe.publish(GatevaultTopics.COMMANDS, key, later);

    assertThat(auditsCausedBy(later, 2, Duration.ofSeconds(60))).hasSize(2);
    List<AuditRecord> audits = auditsCausedBy(event, 3, Duration.ofSeconds(3));
    assertThat(audits)
        .extracting(AuditRecord::action)
        .containsExactly("restore.step", "restore.completed");
    assertThat(audits.get(0).detail())
        .containsEntry("step", "locate")
        .containsEntry("outcome", "FAILURE")
        .containsEntry("commandId", event.commandId());
    assertThat(audits.get(0).detail().get("message")).contains("gatevault.restore.gateways");
    assertThat(audits.get(1).outcome()).isEqualTo(AuditOutcome.FAILURE);
    assertThat(audits.get(1).actor()).isEqualTo("restore");
  }

  @Test
  void backupMissingFromStorageIsRefusedBeforeTheGatewayIsTouched() {
    RestoreRequested request = event("caddy-prod");
    probe.publish(GatevaultTopics.COMMANDS, "caddy-prod", request);

    List<AuditRecord> audits = auditsCausedBy(request, 3, Duration.ofSeconds(60));
    assertThat(audits)
        .extracting(audit -> audit.detail().get("step"))
        .containsExactly("locate", "integrity-check", null);
    assertThat(audits.get(1).detail().get("message"))
        .startsWith("refused: ")
        .contains("gatevault.storage.targets");
    assertThat(audits.get(2).action()).isEqualTo("restore.completed");
    assertThat(audits.get(2).outcome()).isEqualTo(AuditOutcome.FAILURE);
  }

  private List<AuditRecord> auditsCausedBy(RestoreRequested event, int count, Duration wait) {
    return probe.awaitEvents(
        GatevaultTopics.AUDIT,
        AuditRecord.class,
        audit -> event.envelope().eventId().equals(audit.envelope().causationId()),
        count,
        wait);
  }

  private static RestoreRequested event(String key) {
    return new RestoreRequested(
        envelope(key),
        UUID.randomUUID().toString(),
        key,
        "alice",
        Instant.now(),
        "artifact-" + UUID.randomUUID(),
        null,
        null,
        null,
        true);
  }

  private static EventEnvelope envelope(String gatewayId) {
    return new EventEnvelope(
        UUID.randomUUID().toString(),
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        "RestoreRequested",
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
