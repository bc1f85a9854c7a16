package io.gatevault.messaging.mapping;

import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.BinaryContent;
import io.gatevault.core.event.SnapshotChunk;

/** {@link SnapshotChunk} on topic gatevault.snapshots.raw. */
public final class SnapshotChunkMapper
    implements EventMapper<SnapshotChunk, io.gatevault.schemas.avro.SnapshotChunk> {

  @Override
  public Class<SnapshotChunk> domainType() {
    return SnapshotChunk.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.SnapshotChunk> avroType() {
    return io.gatevault.schemas.avro.SnapshotChunk.class;
  }

  @Override
  public io.gatevault.schemas.avro.SnapshotChunk toAvro(SnapshotChunk chunk) {
    return io.gatevault.schemas.avro.SnapshotChunk.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(chunk.envelope()))
        .setSnapshotId(chunk.snapshotId())
        .setGatewayId(chunk.gatewayId())
        .setBackupType(
            AvroFields.avroSymbol(chunk.backupType(), io.gatevault.schemas.avro.BackupType.class))
        .setChunkIndex(chunk.chunkIndex())
        .setChunkCount(chunk.chunkCount())
        .setPayload(chunk.payload().asReadOnlyBuffer())
        .setTotalSize(chunk.totalSize())
        .setSha256(chunk.sha256())
        .setWatermarkSequence(chunk.watermarkSequence())
        .setTags(chunk.tags())
        .setCapturedAt(chunk.capturedAt())
        .setName(chunk.name())
        .setVersion(chunk.version())
        .setDescription(chunk.description())
        .setEnvironment(chunk.environment())
        .build();
  }

  @Override
  public SnapshotChunk toDomain(io.gatevault.schemas.avro.SnapshotChunk avro) {
    return new SnapshotChunk(
        EventEnvelopeMapper.toDomain(avro.getEnvelope(), "SnapshotChunk.envelope"),
        AvroFields.required(avro.getSnapshotId(), "SnapshotChunk.snapshotId"),
        AvroFields.required(avro.getGatewayId(), "SnapshotChunk.gatewayId"),
        AvroFields.sameSymbol(avro.getBackupType(), BackupType.class, "SnapshotChunk.backupType"),
        avro.getChunkIndex(),
        avro.getChunkCount(),
        BinaryContent.copyOf(AvroFields.required(avro.getPayload(), "SnapshotChunk.payload")),
        avro.getTotalSize(),
        AvroFields.required(avro.getSha256(), "SnapshotChunk.sha256"),
        avro.getWatermarkSequence(),
        AvroFields.required(avro.getTags(), "SnapshotChunk.tags"),
        AvroFields.required(avro.getCapturedAt(), "SnapshotChunk.capturedAt"),
        avro.getName(),
        avro.getVersion(),
        avro.getDescription(),
        avro.getEnvironment());
  }
}
