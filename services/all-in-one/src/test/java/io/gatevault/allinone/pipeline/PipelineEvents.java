package io.gatevault.allinone.pipeline;

import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.stream.GatevaultTopics;
import io.gatevault.stream.testing.TopicProbe;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Events the pipeline tests publish, and the audit queries they make. */
final class PipelineEvents {

  static final Duration WAIT = Duration.ofSeconds(90);

  private PipelineEvents() {}

  static SnapshotRequested snapshotRequest(String gatewayId) {
    return new SnapshotRequested(
        envelope("Command", gatewayId),
        UUID.randomUUID().toString(),
        gatewayId,
        "pipeline-test",
        Instant.now(),
        BackupType.FULL,
        "pipeline test",
        Map.of());
  }

  static EventEnvelope envelope(String eventType, String gatewayId) {
    return new EventEnvelope(
        UUID.randomUUID().toString(),
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        eventType,
        "pipeline-test",
        null,
        null,
        Instant.now(),
        gatewayId);
  }

  static List<AuditRecord> audits(
      TopicProbe probe, Predicate<AuditRecord> match, int count, Duration wait) {
    return probe.awaitEvents(GatevaultTopics.AUDIT, AuditRecord.class, match, count, wait);
  }

  static Predicate<AuditRecord> action(String action, String detailKey, String detailValue) {
    return audit ->
        audit.action().equals(action) && detailValue.equals(audit.detail().get(detailKey));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
