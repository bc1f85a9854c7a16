package io.gatevault.messaging.mapping;

import io.gatevault.core.event.ArtifactKind;
import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.AuditOutcome;
import io.gatevault.core.event.AuditRecord;
import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.ChangeOperation;
import io.gatevault.core.event.ChangeSource;
import io.gatevault.core.event.ConfigChange;
import io.gatevault.core.event.DeletionRecord;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.GatevaultEvent;
import io.gatevault.core.event.KeyReference;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.core.event.ReplicaWritten;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.core.event.SealedArtifact;
import io.gatevault.core.event.SnapshotChunk;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.event.StorageMedium;
import io.gatevault.core.event.VerificationCheck;
import io.gatevault.core.event.VerificationResult;
import io.gatevault.core.event.VerificationStatus;
import io.gatevault.core.event.VerifyRequested;
import io.gatevault.core.id.DeterministicId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One valid domain event of every kind, with optional fields both set and unset. */
final class SampleEvents {

  static final Instant AT = Instant.parse("2025-08-18T14:30:00.123Z");
  static final String SHA = "0123456789abcdef".repeat(4);

  private SampleEvents() {}

  static EventEnvelope envelope(String type, String gatewayId) {
    return new EventEnvelope(
        DeterministicId.EVENTS.deriveString(type, "1"),
        EventEnvelope.CURRENT_SCHEMA_VERSION,
        type,
        "capture",
        "run-42",
        type.equals("ConfigChange") ? null : "cause-1",
        AT,
        gatewayId);
  }

  static List<GatevaultEvent> all() {
    return List.of(
        new ConfigChange(
            envelope("ConfigChange", "kong-prod"),
            "kong-prod",
            1042L,
            ChangeOperation.UPDATE,
            "route",
            "r-1",
            "orders",
            "{\"paths\":[\"/orders\"]}",
            "{\"paths\":[\"/orders\",\"/v2/orders\"]}",
            new ChangeSource("kong-admin-poll", "audit-77", "alice"),
            AT,
            AT.plusSeconds(1)),
        new ConfigChange(
            envelope("ConfigChange", null),
            "kong-prod",
            1043L,
            ChangeOperation.DELETE,
            "plugin",
            "p-9",
            null,
            null,
            null,
            new ChangeSource("kong-admin-poll", null, null),
            AT,
            AT),
        new SnapshotChunk(
            envelope("SnapshotChunk", "kong-prod"),
            "snap-1",
            "kong-prod",
            BackupType.FULL,
            1,
            3,
            BinaryContent.copyOf("{\"services\":[]}".getBytes(StandardCharsets.UTF_8)),
            4096L,
            SHA,
            1042L,
            Map.of("Environment", "prod", "Owner", "platform"),
            AT),
        new SnapshotChunk(
            envelope("SnapshotChunk", "kong-prod"),
            "snap-2",
            "kong-prod",
            BackupType.INCREMENTAL,
            0,
            1,
            BinaryContent.copyOf("{\"services\":[]}".getBytes(StandardCharsets.UTF_8)),
            15L,
            SHA,
            1043L,
            Map.of("Environment", "prod", "BackupType", "INCREMENTAL"),
            AT,
            "kong-prod-20250818-1430-incremental.json",
            7,
            "before release 4.2",
            "prod"),
        new SealedArtifact(
            envelope("SealedArtifact", "kong-prod"),
            "art-1",
            "kong-prod",
            ArtifactKind.CHANGE_SEGMENT,
            0,
            1,
            BinaryContent.copyOf(new byte[] {0, 1, 2, (byte) 0xff}),
            SHA,
            AT),
        new ArtifactManifest(
            envelope("ArtifactManifest", "kong-prod"),
            "art-1",
            "kong-prod",
            "prod",
            "kong-prod-20250818-1430-full.json.gvx",
            ArtifactKind.SNAPSHOT,
            2,
            "AES-256-GCM-STREAM",
            new KeyReference("local", "kek-1", 2, "keys/art-1.2.key"),
            4096L,
            4180L,
            SHA,
            1042L,
            "daily",
            Map.of("BackupType", "FULL"),
            "before release 4.2",
            AT,
            BinaryContent.copyOf(new byte[] {2, 0, 5, 7, (byte) 0x80})),
        new ArtifactManifest(
            envelope("ArtifactManifest", "kong-prod"),
            "art-0",
            "kong-prod",
            "prod",
            "kong-prod-20250818-1400-full.json.gvx",
            ArtifactKind.SNAPSHOT,
            1,
            "AES-256-GCM-STREAM",
            new KeyReference("local", "kek-1", 1, "keys/art-0.1.key"),
            4096L,
            4180L,
            SHA,
            1041L,
            "daily",
            Map.of(),
            null,
            AT),
        new ReplicaWritten(
            envelope("ReplicaWritten", null),
            "art-1",
            "s3-offsite",
            StorageMedium.OBJECT_STORE,
            "eu-central-1",
            true,
            true,
            "s3://gatevault-offsite/v1/prod/kong-prod/snapshots/x.gvx",
            SHA,
            4180L,
            AT),
        new VerificationResult(
            envelope("VerificationResult", null),
            "art-1",
            VerificationStatus.PARTIAL,
            List.of(
                new VerificationCheck("checksum", "fs-local", true, "sha-256 matches"),
                new VerificationCheck("decrypt", null, false, "authentication tag mismatch")),
            AT),
        new VerificationResult(
            envelope("VerificationResult", null),
            "art-2",
            VerificationStatus.STARTED,
            List.of(),
            AT),
        new DeletionRecord(
            envelope("DeletionRecord", null),
            "art-1",
            "fs-local",
            "file:///backups/v1/prod/kong-prod/snapshots/x.gvx",
            AT,
            "expired under retention class daily",
            "default/keep-daily-7",
            "prune",
            true),
        new SnapshotRequested(
            envelope("Command", "kong-prod"),
            DeterministicId.COMMANDS.deriveString("alice", "kong-prod", "req-1"),
            "kong-prod",
            "alice",
            AT,
            BackupType.INCREMENTAL,
            null,
            Map.of()),
        new RestoreRequested(
            envelope("Command", "kong-prod"),
            "cmd-2",
            "kong-prod",
            "alice",
            AT,
            "art-1",
            AT.minusSeconds(3600),
            null,
            "kong-test",
            true),
        new RestoreRequested(
            envelope("Command", "kong-prod"),
            "cmd-3",
            "kong-prod",
            "bob",
            AT,
            null,
            null,
            1042L,
            null,
            false),
        new RestoreRequested(
            envelope("Command", "kong-prod"),
            "cmd-3s",
            "kong-prod",
            "carol",
            AT,
            null,
            AT.minusSeconds(600),
            null,
            null,
            false,
            List.of("route"),
            List.of("server:site"),
            List.of("api-*", "host=shop.test*")),
        new PruneRequested(
            envelope("Command", "kong-prod"),
            "cmd-4",
            "kong-prod",
            "scheduler",
            AT,
            false,
            "daily"),
        new VerifyRequested(
            envelope("Command", "kong-prod"),
            "cmd-5",
            "kong-prod",
            "alice",
            AT,
            "art-1",
            "on-demand"),
        new VerifyRequested(
            envelope("Command", "kong-prod"),
            "cmd-6",
            "kong-prod",
            "scheduler",
            AT,
            null,
            "scheduled"),
        new AuditRecord(
            envelope("AuditRecord", null),
            "alice",
            "restore.apply",
            "kong-prod",
            AuditOutcome.DENIED,
            Map.of("reason", "missing role restore-operator"),
            AT));
  }
}
