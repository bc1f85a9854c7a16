package io.gatevault.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.schemas.avro.ArtifactKind;
import io.gatevault.schemas.avro.ArtifactManifest;
import io.gatevault.schemas.avro.AuditOutcome;
import io.gatevault.schemas.avro.AuditRecord;
import io.gatevault.schemas.avro.BackupType;
import io.gatevault.schemas.avro.ChangeOperation;
import io.gatevault.schemas.avro.ChangeSource;
import io.gatevault.schemas.avro.Command;
import io.gatevault.schemas.avro.ConfigChange;
import io.gatevault.schemas.avro.DeletionRecord;
import io.gatevault.schemas.avro.EventEnvelope;
import io.gatevault.schemas.avro.KeyReference;
import io.gatevault.schemas.avro.PruneRequested;
import io.gatevault.schemas.avro.ReplicaWritten;
import io.gatevault.schemas.avro.RestoreRequested;
import io.gatevault.schemas.avro.SealedArtifact;
import io.gatevault.schemas.avro.SnapshotChunk;
import io.gatevault.schemas.avro.SnapshotRequested;
import io.gatevault.schemas.avro.StorageMedium;
import io.gatevault.schemas.avro.VerificationCheck;
import io.gatevault.schemas.avro.VerificationResult;
import io.gatevault.schemas.avro.VerificationStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratedClassRoundTripTest {

  private static final Instant AT = Instant.parse("2025-08-18T14:30:00.123Z");

  @ParameterizedTest(name = "{0} survives Avro binary encoding unchanged")
  @MethodSource("everyEvent")
  void survivesAvroBinaryEncodingUnchanged(String name, SpecificRecord event) throws IOException {
    assertThat(decode(encode(event), event)).isEqualTo(event);
  }

  static Stream<Arguments> everyEvent() {
    return Stream.of(
            configChange(),
            snapshotChunk(),
            sealedArtifact(),
            artifactManifest(),
            replicaWritten(),
            verificationResult(),
            deletionRecord(),
            command(
                SnapshotRequested.newBuilder()
                    .setBackupType(BackupType.INCREMENTAL)
                    .setDescription("before release 4.2")
                    .setTags(Map.of("Owner", "platform"))
                    .build()),
            command(
                RestoreRequested.newBuilder()
                    .setBackupId("artifact-1")
                    .setAtTime(AT)
                    .setTargetGatewayId("kong-test")
                    .setDryRun(true)
                    .build()),
            command(PruneRequested.newBuilder().setDryRun(false).setPolicyName("daily").build()),
            auditRecord())
        .map(event -> Arguments.of(event.getSchema().getName(), event));
  }

  private static EventEnvelope envelope(String type) {
    return EventEnvelope.newBuilder()
        .setEventId("0b6e5f3a-54c1-8f0e-9a57-1d3c2b4a5e6f")
        .setSchemaVersion(1)
        .setEventType(type)
        .setProducer("capture")
        .setCorrelationId("run-42")
        .setCausationId(null)
        .setProducedAt(AT)
        .setGatewayId("kong-prod")
        .build();
  }

  private static ConfigChange configChange() {
    return ConfigChange.newBuilder()
        .setEnvelope(envelope("ConfigChange"))
        .setGatewayId("kong-prod")
        .setSequence(1042L)
        .setOp(ChangeOperation.UPDATE)
        .setEntityType("route")
        .setEntityId("r-1")
        .setNaturalKey("orders-route")
        .setBefore("{\"paths\":[\"/orders\"]}")
        .setAfter("{\"paths\":[\"/orders\",\"/v2/orders\"]}")
        .setSource(
            ChangeSource.newBuilder()
                .setFeed("kong-admin-poll")
                .setReference("audit-77")
                .setActor("alice")
                .build())
        .setOccurredAt(AT)
        .setCapturedAt(AT.plusSeconds(1))
        .build();
  }

  private static SnapshotChunk snapshotChunk() {
    return SnapshotChunk.newBuilder()
        .setEnvelope(envelope("SnapshotChunk"))
        .setSnapshotId("snap-1")
        .setGatewayId("kong-prod")
        .setBackupType(BackupType.FULL)
        .setChunkIndex(0)
        .setChunkCount(2)
        .setPayload(ByteBuffer.wrap("{\"services\":[".getBytes(StandardCharsets.UTF_8)))
        .setTotalSize(25L)
        .setSha256("a".repeat(64))
        .setWatermarkSequence(1042L)
        .setTags(Map.of("Environment", "prod"))
        .setCapturedAt(AT)
        .build();
  }

  private static SealedArtifact sealedArtifact() {
    return SealedArtifact.newBuilder()
        .setEnvelope(envelope("SealedArtifact"))
        .setArtifactId("artifact-1")
        .setGatewayId("kong-prod")
        .setKind(ArtifactKind.SNAPSHOT)
        .setChunkIndex(0)
        .setChunkCount(1)
        .setCiphertext(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff}))
        .setChunkSha256("b".repeat(64))
        .setSealedAt(AT)
        .build();
  }

  private static ArtifactManifest artifactManifest() {
    return ArtifactManifest.newBuilder()
        .setEnvelope(envelope("ArtifactManifest"))
        .setArtifactId("artifact-1")
        .setGatewayId("kong-prod")
        .setEnvironment("prod")
        .setName("kong-prod-20250818-1430-full.json.gvx")
        .setKind(ArtifactKind.SNAPSHOT)
        .setVersion(1)
        .setCipher("AES-256-GCM-STREAM")
        .setKeyReference(
            KeyReference.newBuilder()
                .setKeyringId("local")
                .setKeyId("kek-1")
                .setKeyVersion(1)
                .setWrappedKeyObject("keys/artifact-1.1.key")
                .build())
        .setPlaintextSize(25L)
        .setCiphertextSize(69L)
        .setSha256("c".repeat(64))
        .setWatermarkSequence(1042L)
        .setRetentionClass("daily")
        .setTags(Map.of("BackupType", "FULL"))
        .setDescription(null)
        .setCreatedAt(AT)
        .build();
  }

  private static ReplicaWritten replicaWritten() {
    return ReplicaWritten.newBuilder()
        .setEnvelope(envelope("ReplicaWritten"))
        .setArtifactId("artifact-1")
        .setTargetId("s3-offsite")
        .setMedium(StorageMedium.OBJECT_STORE)
        .setRegion("eu-central-1")
        .setOffSite(true)
        .setOffline(false)
        .setLocation("s3://gatevault-offsite/v1/prod/kong-prod/snapshots/x.gvx")
        .setSha256("c".repeat(64))
        .setSizeBytes(69L)
        .setWrittenAt(AT)
        .build();
  }

  private static VerificationResult verificationResult() {
    return VerificationResult.newBuilder()
        .setEnvelope(envelope("VerificationResult"))
        .setArtifactId("artifact-1")
        .setStatus(VerificationStatus.PARTIAL)
        .setChecks(
            List.of(
                VerificationCheck.newBuilder()
                    .setCheckName("checksum")
                    .setTargetId("fs-local")
                    .setPassed(true)
                    .setDetail("sha-256 matches")
                    .build(),
                VerificationCheck.newBuilder()
                    .setCheckName("decrypt")
                    .setTargetId(null)
                    .setPassed(false)
                    .setDetail("authentication tag mismatch")
                    .build()))
        .setVerifiedAt(AT)
        .build();
  }

  private static DeletionRecord deletionRecord() {
    return DeletionRecord.newBuilder()
        .setEnvelope(envelope("DeletionRecord"))
        .setArtifactId("artifact-1")
        .setTargetId("fs-local")
        .setLocation("file:///backups/v1/prod/kong-prod/snapshots/x.gvx")
        .setDeletedAt(AT)
        .setReason("expired under retention class daily")
        .setPolicy("default/keep-daily-7")
        .setRequestedBy("prune")
        .setDryRun(true)
        .build();
  }

  private static Command command(Object payload) {
    return Command.newBuilder()
        .setEnvelope(envelope("Command"))
        .setCommandId("cmd-1")
        .setGatewayId("kong-prod")
        .setRequestedBy("alice")
        .setRequestedAt(AT)
        .setPayload(payload)
        .build();
  }

  private static AuditRecord auditRecord() {
    return AuditRecord.newBuilder()
        .setEnvelope(envelope("AuditRecord"))
        .setActor("alice")
        .setAction("restore.apply")
        .setTarget("kong-prod")
        .setOutcome(AuditOutcome.DENIED)
        .setDetail(Map.of("reason", "missing role restore-operator"))
        .setAt(AT)
        .build();
  }

  private static byte[] encode(SpecificRecord event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static SpecificRecord decode(byte[] bytes, SpecificRecord like) throws IOException {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
    return new SpecificDatumReader<SpecificRecord>(like.getSchema()).read(null, decoder);
  }
}
