package io.gatevault.core.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Valid sample events for tests; each test changes only what it is about. */
final class DomainEvents {

  static final Instant AT = Instant.parse("2025-08-18T14:30:00.123Z");
  static final String SHA = "ab".repeat(32);

  private DomainEvents() {}

  static EventEnvelope envelope(String type) {
    return new EventEnvelope("evt-1", 1, type, "capture", "run-1", null, AT, "kong-prod");
  }

  static ConfigChange change(ChangeOperation op, String before, String after) {
    return new ConfigChange(
        envelope("ConfigChange"),
        "kong-prod",
        7L,
        op,
        "route",
        "r-1",
        "orders",
        before,
        after,
        new ChangeSource("kong-admin-poll", null, null),
        AT,
        AT);
  }

  static SnapshotChunk chunk(int index, int count, byte[] payload) {
    return new SnapshotChunk(
        envelope("SnapshotChunk"),
        "snap-1",
        "kong-prod",
        BackupType.FULL,
        index,
        count,
        BinaryContent.copyOf(payload),
        Math.max(payload.length, 10),
        SHA,
        7L,
        Map.of("Environment", "prod"),
        AT);
  }

  static VerificationResult verification(VerificationStatus status, List<VerificationCheck> c) {
    return new VerificationResult(envelope("VerificationResult"), "art-1", status, c, AT);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
